namespace ServerlessKomunitas.Members;

public sealed class MemberOptions
{
    public const string Section = "Member";

    /// <summary>Time to confirm the address; after it the sign-up expires and nothing more is sent.</summary>
    public TimeSpan ConfirmationWindow { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Mentees a mentor takes at once when the form leaves it open.</summary>
    public int DefaultMentorCapacity { get; set; } = 2;

    public int MaxMentorCapacity { get; set; } = 10;

    public bool IsValid => ConfirmationWindow > TimeSpan.Zero && DefaultMentorCapacity >= 1 && MaxMentorCapacity >= DefaultMentorCapacity;
}
