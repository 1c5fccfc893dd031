using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Mentoring;

public static class MentoringFeature
{
    /// <summary>Mentoring: matching, the programme of check-ins, and feedback.</summary>
    public static IServiceCollection AddMentoring(this IServiceCollection services)
    {
        services.AddSettings<MentoringOptions>(MentoringOptions.Section, o => o.IsValid, "Mentoring: CheckIns 1 to 52 and every wait positive.");
        services.AddSettings<CheckInOptions>(CheckInOptions.Section,
            o => o.IsValid, "CheckIn:LocalHour must be empty or an hour of the day, CheckIn:Window positive.");
        services.AddTable(new(MentorshipStore.TableName, true,
            ["mentoring match and its reasons", "check-in ratings, notes and blockers", "feedback", "reason for an early end"],
            r => PersonReference.ByKey(r.GetString("MenteeKey")).Concat(PersonReference.ByKey(r.GetString("MentorKey"))), OpenedByLink: true));
        services.AddSingleton<MentorshipStore>();
        services.AddPersonalDataHolder<MentorshipPersonalData>();
        services.AddTable(new(MentorDirectory.MentorsTableName, true, ["mentor index: subsectors, kab/kota, capacity"], r => PersonReference.ByKey(r.RowKey)));
        services.AddTable(new(MentorDirectory.WaitlistTableName, true, ["waiting mentee requests"], r => PersonReference.ByKey(r.GetString("MenteeKey"))));
        services.AddSingleton<MentorDirectory>();
        services.AddSingleton<MentorshipLinks>();
        services.AddSingleton<MentorshipStarter>();
        services.AddTransient<WhatsApp.IWhatsAppFallback, CheckInFallback>();
        return services.AddSingleton<MentorshipEndpoints>();
    }
}
