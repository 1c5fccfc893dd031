using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Engagement;

/// <summary>
/// An event reminder on WhatsApp, for an attendee who wants it there, with their own RSVP link. Should WhatsApp not
/// deliver it to someone who chose WhatsApp only, <see cref="EventReminderFallback"/> emails it.
/// </summary>
public sealed class EventReminderWhatsApp(WhatsAppNotices notices, RsvpLinks rsvpLinks)
{
    const string Kind = EventReminderJob.Kind;

    /// <summary>
    /// Sends the reminder on WhatsApp where the person wants it there; Email: whether the email must go too (they want
    /// both, have no WhatsApp, or it could not go); WhatsApp: whether it went there (now or before).
    /// </summary>
    public Task<NoticeSent> SendAsync(Person person, CalendarEntry e, int days, CancellationToken cancellationToken)
    {
        var template = WhatsAppTemplates.EventReminder;
        var values = template.Values(person.FirstName, e.Title, $"{When(days)}, {person.TimeZone.Format(e.StartUtc)}", e.Venue ?? e.OnlineLink ?? "-",
            rsvpLinks.Page(person.Key, e.ProposalId, e.StartUtc));
        return notices.SendAsync(person.Key, WhatsAppKind.EventReminders, $"reminder-{EventReminderJob.Period(e, days)}", template, values,
            new FallbackReference(e.ProposalId, FallbackReference.TimeOf(e.StartUtc), days).For(Kind), cancellationToken);
    }

    internal static string When(int days) => days == 1 ? "besok" : $"{days} hari lagi";
}

/// <summary>
/// The event reminder by email, to one person, once: for a WhatsApp reminder that ended failed or undelivered, to a
/// person who chose WhatsApp only. (A class of its own: the sender needs the fallbacks, so a fallback cannot need the sender.)
/// </summary>
public sealed class EventReminderFallback(RsvpLinks rsvpLinks, PersonStore persons, EventCalendar calendar, Suppressions suppressions, EmailLedger emails,
    PreferenceLinks links) : IWhatsAppFallback
{
    public string Kind => EventReminderJob.Kind;

    /// <summary>The reminder by email, to one person, once: for a WhatsApp reminder that ended failed or undelivered.</summary>
    public async Task SendAsync(string personKey, FallbackReference reference, CancellationToken cancellationToken)
    {
        var days = reference.Number;
        if (reference.SecondAsTime is not { } start || await persons.FindPersonAsync(personKey, cancellationToken) is not { Status: PersonStatus.Confirmed } person
            || !person.Wants(EmailCategory.EventReminders) || await suppressions.IsSuppressedAsync(person.Email, cancellationToken)
            || await calendar.FindAsync(start, reference.First, cancellationToken) is not { } e)
        {
            return;
        }
        var link = rsvpLinks.Page(person.Key, e.ProposalId, e.StartUtc);
        var email = EmailLayout.Compose(person.Email, person.Name, $"Pengingat: {e.Title} {EventReminderWhatsApp.When(days)}",
            [$"Sampai jumpa di {e.Title}, kegiatan {e.CommunityName} yang Anda hadiri. Pengingat lewat WhatsApp tidak sampai ke nomor Anda, jadi kami kirim lewat email."],
            new EmailAction("Lihat atau batalkan", link),
            [("Waktu", person.TimeZone.Format(e.StartUtc)), ("Tempat", e.Venue ?? e.OnlineLink ?? "-")]) with
        {
            Headers = links.Headers(person.Key, EmailCategory.EventReminders),
        };
        await emails.SendOnceAsync(new LedgerKey(person.Key, "reminder-fallback", days, e.ProposalId), email, cancellationToken);
    }
}
