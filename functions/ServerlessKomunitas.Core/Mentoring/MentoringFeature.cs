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
        services.AddTable(MentorshipStore.TableName);
        services.AddSingleton<MentorshipStore>();
        services.AddPersonalDataHolder<MentorshipPersonalData>();
        services.AddTable(MentorDirectory.MentorsTableName);
        services.AddTable(MentorDirectory.WaitlistTableName);
        services.AddSingleton<MentorDirectory>();
        services.AddSingleton<MentorshipLinks>();
        services.AddSingleton<MentorshipStarter>();
        return services.AddSingleton<MentorshipEndpoints>();
    }
}
