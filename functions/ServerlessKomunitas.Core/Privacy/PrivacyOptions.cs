namespace ServerlessKomunitas.Privacy;

public sealed class PrivacyOptions
{
    public const string Section = "Privacy";

    /// <summary>How long an erasure waits for the person's workflows to finish ending before it leaves the rest to the privacy job.</summary>
    public TimeSpan WorkflowGrace { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A data-rights request still open after this was cut short: the privacy job carries it out.</summary>
    public TimeSpan ResumeAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Durable history of a workflow that finished longer ago than this is purged by the privacy job.</summary>
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Well inside UU PDP's 3 × 24 hours, with room for the hourly job to catch up.</summary>
    public bool IsValid => WorkflowGrace > TimeSpan.Zero && ResumeAfter > TimeSpan.Zero && ResumeAfter < TimeSpan.FromHours(24) && HistoryRetention > TimeSpan.Zero;
}
