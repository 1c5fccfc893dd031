namespace ServerlessKomunitas.Mentoring;

/// <summary>The programme and its waits. Every one is a setting, so that tests run a programme in seconds.</summary>
public sealed class MentoringOptions
{
    public const string Section = "Mentoring";

    public int CheckIns { get; set; } = 6;

    public TimeSpan Interval { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long a proposed mentor has to accept before the next candidate is asked.</summary>
    public TimeSpan OfferTimeout { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How long a request with no candidate waits for a new mentor before it is closed.</summary>
    public TimeSpan WaitForMentor { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How long both sides have for their closing feedback.</summary>
    public TimeSpan FeedbackWindow { get; set; } = TimeSpan.FromDays(7);

    public bool IsValid => CheckIns is >= 1 and <= 52 && Interval > TimeSpan.Zero && OfferTimeout > TimeSpan.Zero
        && WaitForMentor > TimeSpan.Zero && FeedbackWindow > TimeSpan.Zero;
}

public sealed class CheckInOptions
{
    public const string Section = "CheckIn";

    /// <summary>The local hour (in each participant's zone) check-in emails go at; empty sends them when due, for tests.</summary>
    public int? LocalHour { get; set; } = 9;

    /// <summary>A participant who has not answered this long after the email has missed the check-in.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromDays(3);

    public bool IsValid => LocalHour is null or (>= 0 and <= 23) && Window > TimeSpan.Zero;
}
