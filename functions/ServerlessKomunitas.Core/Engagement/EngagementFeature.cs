using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Engagement;

public static class EngagementFeature
{
    /// <summary>The engagement jobs' shared parts: the weekly challenges, the ledger of what each job sent, and activity counts.</summary>
    public static IServiceCollection AddEngagement(this IServiceCollection services)
    {
        services.AddSettings<EngagementOptions>(EngagementOptions.Section, o => o.InactiveAfter > TimeSpan.Zero, "Engagement:InactiveAfter must be positive.");
        services.AddTable(TableContents.Impersonal(ChallengeStore.TableName, "weekly creative challenges"));
        services.AddSingleton<ChallengeStore>();
        services.AddTable(new(JobSends.TableName, true, ["scheduled emails sent (kind and time)"], r => PersonReference.ByKey(r.RowKey)));
        services.AddSingleton<JobSends>();
        services.AddTransient<EventReminderWhatsApp>();
        services.AddTransient<WhatsApp.IWhatsAppFallback, EventReminderFallback>();
        services.AddPersonalDataHolder<EngagementPersonalData>();
        services.AddTable(new(ActivityLog.TableName, true, ["activity counts per month"], r => PersonReference.ByKey(r.RowKey)));
        return services.AddSingleton<ActivityLog>();
    }
}
