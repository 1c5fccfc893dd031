using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Engagement;

public static class EngagementFeature
{
    /// <summary>The engagement jobs' shared parts: the weekly challenges, the ledger of what each job sent, and activity counts.</summary>
    public static IServiceCollection AddEngagement(this IServiceCollection services)
    {
        services.AddSettings<EngagementOptions>(EngagementOptions.Section, o => o.InactiveAfter > TimeSpan.Zero, "Engagement:InactiveAfter must be positive.");
        services.AddTable(ChallengeStore.TableName);
        services.AddSingleton<ChallengeStore>();
        services.AddTable(JobSends.TableName);
        services.AddSingleton<JobSends>();
        services.AddPersonalDataHolder<EngagementPersonalData>();
        services.AddTable(ActivityLog.TableName);
        return services.AddSingleton<ActivityLog>();
    }
}
