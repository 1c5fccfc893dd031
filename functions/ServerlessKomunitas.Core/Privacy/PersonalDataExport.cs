using System.Text.Json.Serialization;
using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

public sealed record ExportedPerson(string Name, string Email, string Phone, string RegencyCode, string ProvinceCode, string Zone,
    IReadOnlyList<string> Subsectors, string? Profile, bool WantsMentor, bool OffersMentoring, int MentorCapacity, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? LastActiveAt, string OptedOut, string ConsentVersion, DateTimeOffset ConsentedAt,
    string WhatsAppNumber, string WhatsAppConsentVersion, DateTimeOffset? WhatsAppConsentedAt);

/// <summary>An email we sent them (or held back): its subject and times, never its body, which is not stored.</summary>
public sealed record ExportedEmail(string Subject, string Step, string State, DateTimeOffset? ReservedAt, DateTimeOffset? SentAt);

public sealed record ExportedAuditEntry(string Action, DateTimeOffset At, string Actor, string? FromStatus, string? ToStatus);

/// <summary>
/// Everything held about one person, as the UU PDP right of access asks, in one JSON document: the person, then each
/// feature's sections (<see cref="IPersonalDataHolder.ExportAsync"/>), then the emails, audit and suppression that
/// every feature stands on.
/// </summary>
public sealed record PersonalData(DateTimeOffset ExportedAt, ExportedPerson Person)
{
    [JsonExtensionData]
    public Dictionary<string, object> Sections { get; init; } = [];
}

/// <summary>
/// Collects a person's data from every feature that holds it. Records that do not live in the person's partition are
/// found by query: a rare request, so a scan is acceptable.
/// </summary>
public sealed class PersonalDataExport(PersonStore persons, IEnumerable<IPersonalDataHolder> holders, Suppressions suppressions, EmailLedger ledger,
    Audit.AuditLog audit, TimeProvider time)
{
    /// <param name="standIn">Who stands for a contact who never joined (<see cref="ContactPeople"/>): they have no person row.</param>
    public async Task<PersonalData?> CollectAsync(string personKey, Person? standIn = null, CancellationToken cancellationToken = default)
    {
        if ((await persons.FindPersonAsync(personKey, cancellationToken) ?? standIn) is not { } p)
        {
            return null;
        }
        var person = new ExportedPerson(p.Name, p.Email, p.Phone, p.RegencyCode, p.ProvinceCode, p.Zone, p.Subsectors, p.Profile, p.WantsMentor,
            p.OffersMentoring, p.MentorCapacity, p.StatusName, p.CreatedAt, p.ConfirmedAt, p.LastActiveAt, p.OptedOut, p.ConsentVersion, p.ConsentedAt,
            p.WhatsAppNumber, p.WhatsAppConsentVersion, p.WhatsAppConsentedAt);
        var sections = new PersonalDataSections();
        foreach (var holder in holders)
        {
            await holder.ExportAsync(p, sections, cancellationToken);
        }
        sections.Add("emails", (await ledger.ToAddressAsync(p.Email, cancellationToken))
            .Select(r => new ExportedEmail(r.GetString("Subject") ?? "", r.GetString("Step") ?? "", r.GetString("State") ?? "", r.GetDateTimeOffset("ReservedAt"), r.GetDateTimeOffset("SentAt")))
            .OrderBy(e => e.ReservedAt).ToList());
        sections.Add("audit", (await audit.ForSubjectAsync(personKey, cancellationToken)).Select(e => new ExportedAuditEntry(e.Action, e.At, e.Actor, e.FromStatus, e.ToStatus)).ToList());
        sections.Add("emailSuppressed", await suppressions.IsSuppressedAsync(p.Email, cancellationToken));
        return new PersonalData(time.GetUtcNow(), person) { Sections = new(sections.All) };
    }
}
