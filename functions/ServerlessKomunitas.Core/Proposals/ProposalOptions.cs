using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Proposals;

/// <summary>The waits of a proposal's workflow. Every one is a setting, so tests run them in seconds.</summary>
public sealed class ProposalOptions
{
    public const string Section = "Proposal";

    /// <summary>Time for the community contact to confirm a proposal made in the community's name.</summary>
    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromHours(48);

    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromDays(2);

    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromDays(4);

    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Time to send the edited proposal after changes were requested.</summary>
    public TimeSpan EditWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>After approval: when the contact is reminded to confirm that the event will happen.</summary>
    public TimeSpan EventConfirmationReminderAfter { get; set; } = TimeSpan.FromDays(2);

    /// <summary>An approved event not confirmed this long before its start expires.</summary>
    public TimeSpan ConfirmEventBeforeStart { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Proposals one community may submit per day.</summary>
    public int ProposalsPerCommunityPerDay { get; set; } = 10;

    public ReviewTimings Review => new(ReminderAfter, EscalateAfter, ExpireAfter);

    public bool IsValid => ConfirmationWindow > TimeSpan.Zero && ReminderAfter > TimeSpan.Zero && ReminderAfter < ExpireAfter
        && EscalateAfter > TimeSpan.Zero && EscalateAfter < ExpireAfter && EditWindow > TimeSpan.Zero
        && EventConfirmationReminderAfter > TimeSpan.Zero && ConfirmEventBeforeStart >= TimeSpan.Zero && ProposalsPerCommunityPerDay > 0;
}
