using System.Runtime.Serialization;

namespace ServerlessKomunitas.Mentoring;

public enum MentorshipStatus
{
    /// <summary>Looking for the next candidate.</summary>
    Matching,
    /// <summary>A mentor was asked and has not answered yet.</summary>
    Offered,
    /// <summary>No candidate is left; waiting for a new mentor to join.</summary>
    Waiting,
    Active,
    /// <summary>The check-ins are done; waiting for both sides' feedback.</summary>
    Feedback,
    Completed,
    /// <summary>Ended early by either side, with a reason.</summary>
    Ended,
    /// <summary>No mentor joined in time.</summary>
    Unmatched,
}

/// <summary>The two sides of a mentorship, as actors in links, rows and emails.</summary>
public static class MentorshipRoles
{
    public const string Mentee = "mentee";
    public const string Mentor = "mentor";

    public static IReadOnlyList<string> Both { get; } = [Mentee, Mentor];

    public static bool IsRole(string? role) => role is Mentee or Mentor;

    public static string Other(string role) => role == Mentee ? Mentor : Mentee;
}

/// <summary>
/// One mentee's mentorship, from matching to completion: one row in Mentorships, with its check-in and feedback
/// rows in the same partition. The match's score and its parts are kept, so that the community contact sees why.
/// </summary>
public sealed class Mentorship() : RecordRow<MentorshipStatus>(Row)
{
    public const string Row = "mentorship";

    public string MenteeKey { get; set; } = "";
    public string CommunityId { get; set; } = "";
    public string? MentorKey { get; set; }
    public int OfferRound { get; set; }
    public DateTimeOffset? OfferedAt { get; set; }
    public string? OfferAnswer { get; set; }

    /// <summary>Mentors who declined or did not answer this request, comma-separated keys.</summary>
    public string Excluded { get; set; } = "";

    public bool ScoreSameCommunity { get; set; }
    public int ScoreSharedSubsectors { get; set; }
    public string? ScoreNearness { get; set; }
    public int ScorePoints { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public int CheckInsPlanned { get; set; }

    /// <summary>When each side's check-in emails go, in UTC, comma-separated: the programme's dates at each one's local hour.</summary>
    public string MenteePlan { get; set; } = "";
    public string MentorPlan { get; set; } = "";
    public DateTimeOffset? EndedAt { get; set; }
    public string? EndedBy { get; set; }
    public string? EndReason { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> ExcludedKeys => Excluded.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public bool IsOver => Status is MentorshipStatus.Completed or MentorshipStatus.Ended or MentorshipStatus.Unmatched;

    /// <summary>One request per membership: the id derives from it, so that a repeated start finds the same one.</summary>
    public static string IdFor(string personKey, string communityId) => RecordId.FromSeed($"mentorship\n{personKey}\n{communityId}");

    public IReadOnlyList<DateTimeOffset> PlanOf(string role) => (role == MentorshipRoles.Mentee ? MenteePlan : MentorPlan)
        .Split(',', StringSplitOptions.RemoveEmptyEntries).Select(t => DateTimeOffset.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    public static string PlanText(IEnumerable<DateTime> instants) =>
        string.Join(',', instants.Select(i => new DateTimeOffset(i, TimeSpan.Zero).ToString("o", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>The person key of a role in this mentorship.</summary>
    public string? KeyOf(string role) => role == MentorshipRoles.Mentee ? MenteeKey : MentorKey;
}

/// <summary>A participant's answer to one check-in, or the record that they missed it.</summary>
public sealed class CheckIn : TableRow
{
    public int Number { get; set; }
    public string Role { get; set; } = "";
    public bool Missed { get; set; }
    public int? Rating { get; set; }
    public string? Notes { get; set; }
    public string? Blockers { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? MissedAt { get; set; }

    public static string RowOf(int number, string role) => $"checkin-{number:000}-{role}";
}

/// <summary>A participant's closing feedback.</summary>
public sealed class MentorshipFeedback : TableRow
{
    public string Role { get; set; } = "";
    public int Rating { get; set; }
    public string? Comment { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }

    public static string RowOf(string role) => $"feedback-{role}";
}
