using Azure.Data.Tables;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Privacy;

public sealed record ExportedPerson(string Name, string Email, string Phone, string RegencyCode, string ProvinceCode, string Zone,
    IReadOnlyList<string> Subsectors, string? Profile, bool WantsMentor, bool OffersMentoring, int MentorCapacity, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? ConfirmedAt, DateTimeOffset? LastActiveAt, string OptedOut, string ConsentVersion, DateTimeOffset ConsentedAt);

public sealed record ExportedMembership(string CommunityId, string CommunityName, string Status, DateTimeOffset SignedUpAt, DateTimeOffset? ConfirmedAt);

public sealed record ExportedCommunity(string Id, string Name, string Status, string ContactName, string Phone, string ConsentVersion, DateTimeOffset SubmittedAt);

public sealed record ExportedProposal(string Id, string Title, string Status, DateTimeOffset StartUtc, DateTimeOffset SubmittedAt);

public sealed record ExportedRsvp(string EventId, string Status, DateTimeOffset ChangedAt);

public sealed record ExportedCheckIn(int Number, bool Missed, int? Rating, string? Notes, string? Blockers, DateTimeOffset? SubmittedAt);

public sealed record ExportedFeedback(int Rating, string? Comment, DateTimeOffset SubmittedAt);

public sealed record ExportedMentorship(string Id, string Role, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, IReadOnlyList<ExportedCheckIn> CheckIns,
    ExportedFeedback? Feedback);

/// <summary>An email we sent them (or held back): its subject and times, never its body, which is not stored.</summary>
public sealed record ExportedEmail(string Subject, string Step, string State, DateTimeOffset? ReservedAt, DateTimeOffset? SentAt);

public sealed record ExportedAuditEntry(string Action, DateTimeOffset At, string Actor, string? FromStatus, string? ToStatus);

public sealed record ExportedJobEmail(string Job, string State, DateTimeOffset? At);

/// <summary>Everything held about one person, as the UU PDP right of access asks, in one JSON document.</summary>
public sealed record PersonalData(DateTimeOffset ExportedAt, ExportedPerson Person, IReadOnlyList<ExportedMembership> Memberships,
    IReadOnlyList<ExportedCommunity> CommunitiesAsContact, IReadOnlyList<ExportedProposal> ProposalsAsContact, IReadOnlyList<ExportedRsvp> Rsvps,
    IReadOnlyList<ExportedMentorship> Mentorships, IReadOnlyList<ExportedJobEmail> ScheduledEmails, IReadOnlyList<ExportedEmail> Emails,
    IReadOnlyList<ExportedAuditEntry> Audit, bool EmailSuppressed);

/// <summary>
/// Collects a person's data from every table that holds it. Records that do not live in the person's partition (the
/// communities and proposals they are the contact of, RSVPs, mentorships, scheduled emails) are found by query: a
/// rare request, so a scan is acceptable.
/// </summary>
public sealed class PersonalDataExport(KomunitasTables tables, PersonStore persons, RegistrationStore registrations, ProposalStore proposals, RsvpStore rsvpStore,
    MentorshipStore mentorships, Suppressions suppressions, EmailLedger ledger, Audit.AuditLog audit, TimeProvider time)
{
    /// <param name="standIn">Who stands for a contact who never joined (<see cref="ContactPeople"/>): they have no person row.</param>
    public async Task<PersonalData?> CollectAsync(string personKey, Person? standIn = null, CancellationToken cancellationToken = default)
    {
        var rows = await persons.ReadAsync(personKey, cancellationToken);
        if ((rows.Person ?? standIn) is not { } p)
        {
            return null;
        }
        var person = new ExportedPerson(p.Name, p.Email, p.Phone, p.RegencyCode, p.ProvinceCode, p.Zone, p.Subsectors, p.Profile, p.WantsMentor,
            p.OffersMentoring, p.MentorCapacity, p.StatusName, p.CreatedAt, p.ConfirmedAt, p.LastActiveAt, p.OptedOut, p.ConsentVersion, p.ConsentedAt);
        var memberships = rows.Memberships.Select(m => new ExportedMembership(m.CommunityId, m.CommunityName, m.StatusName, m.SignedUpAt, m.ConfirmedAt)).ToList();

        var communities = (await registrations.WhereEqualAsync(nameof(Registration.Email), p.Email, cancellationToken))
            .Select(r => new ExportedCommunity(r.Id, r.Name, r.StatusName, r.ContactName, r.Phone, r.ConsentVersion, r.SubmittedAt)).ToList();
        var proposalsAsContact = (await proposals.WhereEqualAsync(nameof(Proposal.ContactEmail), p.Email, cancellationToken))
            .Select(r => new ExportedProposal(r.Id, r.Title, r.StatusName, r.StartUtc, r.SubmittedAt)).ToList();
        var rsvps = (await rsvpStore.OfPersonAsync(personKey, cancellationToken)).Select(r => new ExportedRsvp(r.PartitionKey, r.StatusName, r.ChangedAt)).ToList();
        var mentoring = new List<ExportedMentorship>();
        foreach (var m in await mentorships.OfPersonAsync(personKey, cancellationToken))
        {
            var role = m.MenteeKey == personKey ? MentorshipRoles.Mentee : MentorshipRoles.Mentor;
            var checkIns = (await mentorships.CheckInsAsync(m.Id, cancellationToken)).Where(c => c.Role == role)
                .Select(c => new ExportedCheckIn(c.Number, c.Missed, c.Rating, c.Notes, c.Blockers, c.SubmittedAt)).ToList();
            var feedback = (await mentorships.FeedbackAsync(m.Id, cancellationToken)).Where(f => f.Role == role)
                .Select(f => new ExportedFeedback(f.Rating, f.Comment, f.SubmittedAt)).FirstOrDefault();
            mentoring.Add(new ExportedMentorship(m.Id, role, m.StatusName, m.CreatedAt, m.StartedAt, checkIns, feedback));
        }
        var jobEmails = new List<ExportedJobEmail>();
        await foreach (var r in tables.Client(Engagement.JobSends.TableName).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey eq {personKey}"), cancellationToken: cancellationToken))
        {
            jobEmails.Add(new ExportedJobEmail(r.PartitionKey, r.GetString("State") ?? "", r.GetDateTimeOffset("At")));
        }
        var emails = (await ledger.ToAddressAsync(p.Email, cancellationToken))
            .Select(r => new ExportedEmail(r.GetString("Subject") ?? "", r.GetString("Step") ?? "", r.GetString("State") ?? "", r.GetDateTimeOffset("ReservedAt"), r.GetDateTimeOffset("SentAt")))
            .OrderBy(e => e.ReservedAt).ToList();
        var auditEntries = (await audit.ForSubjectAsync(personKey, cancellationToken)).Select(e => new ExportedAuditEntry(e.Action, e.At, e.Actor, e.FromStatus, e.ToStatus)).ToList();
        return new PersonalData(time.GetUtcNow(), person, memberships, communities, proposalsAsContact, rsvps, mentoring, jobEmails, emails, auditEntries,
            await suppressions.IsSuppressedAsync(p.Email, cancellationToken));
    }
}
