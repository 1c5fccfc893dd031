using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Mentoring;

/// <summary>What the mentoring activities share.</summary>
public sealed class MentorshipSteps(MentorshipStore store, MentorDirectory mentors, PersonStore persons, RegistrationStore communities,
    MentorshipLinks links, EmailLedger ledger, AuditLog audit, TimeProvider time, ILogger<MentorshipSteps> log)
{
    public const string Workflow = nameof(MentorshipOrchestrator);
    public const string System = "system";

    public MentorshipStore Store => store;
    public MentorDirectory Mentors => mentors;
    public PersonStore Persons => persons;
    public RegistrationStore Communities => communities;
    public MentorshipLinks Links => links;
    public EmailLedger Ledger => ledger;
    public DateTimeOffset Now => time.GetUtcNow();

    public IDisposable? Begin(TaskActivityContext context) => log.BeginActivity(context);

    public async Task<Mentorship> RowAsync(string id) => await store.FindAsync(id) ?? throw new InvalidOperationException($"Mentorship {id} does not exist.");

    public Task AuditAsync(Mentorship m, string action, int round, string actor, string? from, string? comment = null) =>
        audit.RecordAsync(new AuditEntry(m.Id, action, round, actor, Now, from, m.StatusName, comment, Workflow, m.Id));

    /// <summary>Both participants, the mentee first; a side that was deleted (privacy) is null.</summary>
    public async Task<(Person? Mentee, Person? Mentor)> PeopleAsync(Mentorship m) =>
        (await persons.FindPersonAsync(m.MenteeKey), m.MentorKey is null ? null : await persons.FindPersonAsync(m.MentorKey));

    public async Task<Person?> PersonOfAsync(Mentorship m, string role) => m.KeyOf(role) is { } key ? await persons.FindPersonAsync(key) : null;

    /// <summary>Gives the mentor's place back; the waiting requests that could take it are returned, to be woken.</summary>
    public async Task<IReadOnlyList<string>> FreePlaceAsync(string mentorKey, string mentorshipId)
    {
        await mentors.ReleaseAsync(mentorKey, mentorshipId);
        return await persons.FindPersonAsync(mentorKey) is { Status: PersonStatus.Confirmed, OffersMentoring: true } mentor && mentor.ActiveMentees < mentor.MentorCapacity
            ? (await mentors.WaitingForAsync(mentor)).Where(id => id != mentorshipId).ToList()
            : [];
    }
}
