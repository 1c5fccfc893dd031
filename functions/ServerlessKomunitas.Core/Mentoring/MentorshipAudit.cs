using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Mentoring;

/// <summary>How the mentoring workflow writes the audit trail, under the mentorship's id.</summary>
public static class MentorshipAudit
{
    public const string Workflow = nameof(MentorshipOrchestrator);
    public const string System = "system";

    public static AuditEntry Entry(Mentorship m, string action, int round, string actor, DateTimeOffset at, string? from, string? comment = null) =>
        new(m.Id, action, round, actor, at, from, m.StatusName, comment, Workflow, m.Id);
}

/// <summary>The people of a mentorship, read from the person rows.</summary>
public static class MentorshipParticipants
{
    /// <summary>Both participants, the mentee first; a side that was deleted (privacy) is null.</summary>
    public static async Task<(Person? Mentee, Person? Mentor)> ParticipantsAsync(this PersonStore persons, Mentorship m) =>
        (await persons.FindPersonAsync(m.MenteeKey), m.MentorKey is null ? null : await persons.FindPersonAsync(m.MentorKey));

    /// <summary>The participant in <paramref name="role"/>, or null when that side is empty or was deleted.</summary>
    public static async Task<Person?> ParticipantAsync(this PersonStore persons, Mentorship m, string role) =>
        m.KeyOf(role) is { } key ? await persons.FindPersonAsync(key) : null;
}
