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
    RsvpLinks links, Engagement.ActivityLog activity, Abuse.RateLimiter limiter, Microsoft.Extensions.Options.IOptions<Abuse.RateLimitOptions> limits, TimeProvider time)
{
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
        await SendOwedAsync(e, cancellationToken);
        return change;
    }

    public async Task<RsvpChange> CancelAsync(OpenEvent e, Person person, CancellationToken cancellationToken = default)
    {
        var change = await store.CancelAsync(e.Entry.ProposalId, person.Key, time.GetUtcNow(), cancellationToken);
        await SendOwedAsync(e, cancellationToken);
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

    /// <summary>
    /// Sends every email the event's RSVPs still owe, this change's and any a crash left unsent, each once
    /// (the ledger is keyed by the row's place in line), and marks it sent.
    /// </summary>
    async Task SendOwedAsync(OpenEvent e, CancellationToken cancellationToken)
    {
        foreach (var row in await store.OwedNoticesAsync(e.Entry.ProposalId, cancellationToken))
        {
            if (await ConfirmedPersonAsync(row.PersonKey, cancellationToken) is { } person)
            {
                var link = Link(person.Key, e);
                var stamp = time.GetUtcNow();
                var message = row.Notice switch
                {
                    RsvpStore.Notices.Attending => RsvpEmails.Attending(person, e.Entry, link) with { Attachments = [EventIcs.Attachment(e.Entry, IcsStatus.Confirmed, stamp)] },
                    RsvpStore.Notices.Promoted => RsvpEmails.Promoted(person, e.Entry, link) with { Attachments = [EventIcs.Attachment(e.Entry, IcsStatus.Confirmed, stamp)] },
                    _ => RsvpEmails.Waitlisted(person, e.Entry, link),
                };
                await ledger.SendOnceAsync(new LedgerKey(e.Entry.ProposalId, "rsvp-" + row.Notice, (int)row.Sequence, person.Key), message, cancellationToken);
            }
            await store.NoticeSentAsync(row, cancellationToken);
        }
    }

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
