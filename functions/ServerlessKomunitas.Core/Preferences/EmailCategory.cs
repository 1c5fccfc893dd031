namespace ServerlessKomunitas.Preferences;

/// <summary>The kinds of non-transactional email; a person can switch each off. Transactional email has no category.</summary>
public enum EmailCategory
{
    EventReminders,
    WeeklyChallenge,
    Reengagement,
    Recognition,
}

public static class EmailCategories
{
    public static IReadOnlyList<EmailCategory> All { get; } = Enum.GetValues<EmailCategory>();

    public static string Slug(this EmailCategory category) => category switch
    {
        EmailCategory.EventReminders => "event-reminders",
        EmailCategory.WeeklyChallenge => "weekly-challenge",
        EmailCategory.Reengagement => "re-engagement",
        _ => "recognition",
    };

    public static string Label(this EmailCategory category) => category switch
    {
        EmailCategory.EventReminders => "Pengingat kegiatan yang Anda hadiri",
        EmailCategory.WeeklyChallenge => "Tantangan kreatif mingguan",
        EmailCategory.Reengagement => "Kabar kegiatan saat Anda lama tidak aktif",
        _ => "Daftar anggota paling aktif (untuk kontak komunitas)",
    };

    public static EmailCategory? FromSlug(string? slug) => All.Cast<EmailCategory?>().FirstOrDefault(c => c!.Value.Slug() == slug);
}
