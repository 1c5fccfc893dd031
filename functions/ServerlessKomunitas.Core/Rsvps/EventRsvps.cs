using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Rsvps;

/// <summary>An event that takes RSVPs: confirmed, in the calendar, not started.</summary>
public sealed record OpenEvent(Proposal Proposal, CalendarEntry Entry);

public enum EventState
{
    Open,
    Unknown,
    Closed,
}

/// <summary>
/// RSVPs as members make them: the event must be open and the person confirmed; every change is written first,
/// then its emails go through the ledger (attendees and promoted members get the calendar file). An RSVP counts
/// as the person's activity.
/// </summary>
public sealed class EventRsvps(RsvpStore store, ProposalStore proposals, EventCalendar calendar, PersonStore persons, EmailLedger ledger,
    RsvpLinks links, Engagement.ActivityLog activity, Abuse.RateLimiter limiter, Microsoft.Extensions.Options.IOptions<Abuse.RateLimitOptions> limits,
    WhatsApp.WhatsAppNotices whatsApp, TimeProvider time)
{
    /// <summary>The fallback kind of a seat offer on WhatsApp (<see cref="SeatOfferFallback"/>).</summary>
    public const string SeatOfferKind = "seat";

    public async Task<(EventState State, OpenEvent? Event)> FindEventAsync(string eventId, CancellationToken cancellationToken = default)
    {
        if (!Storage.RecordId.IsWellFormed(eventId) || await proposals.FindAsync(eventId, cancellationToken) is not { } proposal)
        {
            return (EventState.Unknown, null);
        }
        if (proposal.Status != ProposalStatus.Confirmed || proposal.StartUtc <= time.GetUtcNow()
            || await calendar.FindAsync(proposal.StartUtc, proposal.Id, cancellationToken) is not { } entry)
        {
            return (EventState.Closed, null);
        }
        return (EventState.Open, new OpenEvent(proposal, entry));
    }

    /// <summary>A confirmed person, or null: nothing is ever done for an address that was not confirmed.</summary>
    public async Task<Person?> ConfirmedPersonAsync(string personKey, CancellationToken cancellationToken = default) =>
        await persons.FindPersonAsync(personKey, cancellationToken) is { Status: PersonStatus.Confirmed } person ? person : null;

    public async Task<RsvpChange> AttendAsync(OpenEvent e, Person person, CancellationToken cancellationToken = default)
    {
        var change = await store.AttendAsync(e.Entry.ProposalId, person.Key, e.Entry.Capacity, time.GetUtcNow(), cancellationToken);
        if (change.Changed)
        {
            await persons.TouchAsync(person.Key, time.GetUtcNow(), cancellationToken);
            await activity.CountAsync(e.Proposal.CommunityId, person.Key, Engagement.ActivityKind.Rsvp, time.GetUtcNow(), cancellationToken);
        }
        await SendOwedAsync(e, change, cancellationToken);
        return change;
    }

    public async Task<RsvpChange> CancelAsync(OpenEvent e, Person person, CancellationToken cancellationToken = default)
    {
        var change = await store.CancelAsync(e.Entry.ProposalId, person.Key, time.GetUtcNow(), cancellationToken);
        await SendOwedAsync(e, change, cancellationToken);
        return change;
    }

    /// <summary>
    /// Sends the person their RSVP link, at most once an hour per event; says nothing about whether the address is
    /// known. Each client may ask as often as it may submit a form (counted in Table Storage, across instances).
    /// </summary>
    public async Task<Abuse.RateLimiter.Decision> RequestLinkAsync(OpenEvent e, string email, string clientHash, CancellationToken cancellationToken = default)
    {
        var allowed = await limiter.TryConsumeAsync("rsvp-link", clientHash, TimeSpan.FromHours(1), limits.Value.SubmissionsPerClientPerHour, cancellationToken: cancellationToken);
        if (allowed.Allowed && await ConfirmedPersonAsync(Person.KeyOf(email), cancellationToken) is { } person)
        {
            var hour = (int)(time.GetUtcNow().ToUnixTimeSeconds() / 3600);
            await ledger.SendOnceAsync(new LedgerKey(e.Entry.ProposalId, "rsvp-link", hour, person.Key),
                RsvpEmails.Link(person, e.Entry, Link(person.Key, e)), cancellationToken);
        }
        return allowed;
    }

    public string Link(string personKey, OpenEvent e) => links.Page(personKey, e.Entry.ProposalId, e.Entry.StartUtc);

    /// <summary>How long a notice stays owed before another request's sweep sends it: a crash left it, not a request still at work.</summary>
    static readonly TimeSpan OwedSince = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Sends the emails this change owes, and any a crash left unsent (owed for over <see cref="OwedSince"/>), each once
    /// (the ledger is keyed by the row's place in line), and marks it sent. Another request's fresh notices are its own
    /// to send: sweeping them too would have two requests sending one email at the same moment.
    /// </summary>
    async Task SendOwedAsync(OpenEvent e, RsvpChange change, CancellationToken cancellationToken)
    {
        var stale = time.GetUtcNow() - OwedSince;
        var owed = change.Notices.Concat((await store.OwedNoticesAsync(e.Entry.ProposalId, cancellationToken))
            .Where(r => r.ChangedAt < stale && !change.Notices.Any(n => n.RowKey == r.RowKey)));
        foreach (var row in owed)
        {
            if (await ConfirmedPersonAsync(row.PersonKey, cancellationToken) is { } person)
            {
                var link = Link(person.Key, e);
                var stamp = time.GetUtcNow();
                var message = row.Notice switch
                {
                    RsvpStore.Notices.Attending => RsvpEmails.Attending(person, e.Entry, link) with { Attachments = [EventIcs.Attachment(e.Entry, IcsStatus.Confirmed, stamp)] },
                    RsvpStore.Notices.Promoted => RsvpEmails.PromotedWithCalendar(person, e.Entry, link, stamp),
                    _ => RsvpEmails.Waitlisted(person, e.Entry, link),
                };
                var key = new LedgerKey(e.Entry.ProposalId, "rsvp-" + row.Notice, (int)row.Sequence, person.Key);
                // A freed seat is news to act on: on WhatsApp too, as the person chose; its email goes unless they chose WhatsApp only.
                if (row.Notice != RsvpStore.Notices.Promoted || (await whatsApp.SendAsync(person.Key, WhatsApp.WhatsAppKind.SeatOffers, $"{key.PartitionKey}/{key.RowKey}",
                    WhatsApp.WhatsAppTemplates.SeatOffer, SeatOfferValues(person, e.Entry, link),
                    new WhatsApp.FallbackReference(e.Entry.ProposalId, WhatsApp.FallbackReference.TimeOf(e.Entry.StartUtc), (int)row.Sequence).For(SeatOfferKind),
                    cancellationToken)).Email)
                {
                    await ledger.SendOnceAsync(key, message, cancellationToken);
                }
            }
            await store.NoticeSentAsync(row, cancellationToken);
        }
    }

    static IReadOnlyDictionary<string, string> SeatOfferValues(Person person, CalendarEntry e, string link) =>
        WhatsApp.WhatsAppTemplates.SeatOffer.Values(person.FirstName, e.Title, person.TimeZone.Format(e.StartUtc), e.Venue ?? e.OnlineLink ?? "-", link);

    /// <summary>Tells everyone who RSVPed or waits that the event is cancelled, each once, with a calendar file that removes it.</summary>
    public async Task AnnounceCancellationAsync(CalendarEntry entry, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        foreach (var row in await store.ActiveAsync(entry.ProposalId, cancellationToken))
        {
            if (await ConfirmedPersonAsync(row.PersonKey, cancellationToken) is { } person)
            {
                await ledger.SendOnceAsync(new LedgerKey(entry.ProposalId, "rsvp-event-cancelled", 0, person.Key),
                    RsvpEmails.EventCancelled(person, entry) with { Attachments = [EventIcs.Attachment(entry, IcsStatus.Cancelled, at)] }, cancellationToken);
            }
        }
    }
}

/// <summary>
/// The seat's email, with its calendar file, once, for a WhatsApp seat offer that ended failed or undelivered, to someone
/// who chose WhatsApp only. (Its own dependencies: the sender needs the fallbacks, so a fallback cannot need the sender.)
/// </summary>
public sealed class SeatOfferFallback(PersonStore persons, EventCalendar calendar, RsvpLinks links, EmailLedger ledger, TimeProvider time)
    : WhatsApp.IWhatsAppFallback
{
    public string Kind => EventRsvps.SeatOfferKind;

    public async Task SendAsync(string personKey, WhatsApp.FallbackReference reference, CancellationToken cancellationToken)
    {
        if (reference.SecondAsTime is not { } start || await persons.FindPersonAsync(personKey, cancellationToken) is not { Status: PersonStatus.Confirmed } person
            || await calendar.FindAsync(start, reference.First, cancellationToken) is not { } entry)
        {
            return;
        }
        await ledger.SendOnceAsync(new LedgerKey(entry.ProposalId, "rsvp-" + RsvpStore.Notices.Promoted, reference.Number, person.Key),
            RsvpEmails.PromotedWithCalendar(person, entry, links.Page(person.Key, entry.ProposalId, entry.StartUtc), time.GetUtcNow()), cancellationToken);
    }
}
