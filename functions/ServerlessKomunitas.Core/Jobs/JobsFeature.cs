namespace ServerlessKomunitas.Jobs;

public static class JobsFeature
{
    /// <summary>The scheduled jobs of <see cref="JobCatalog"/>, fired by timer triggers in Azure and by Local's scheduler.</summary>
    public static IServiceCollection AddScheduledJobs(this IServiceCollection services)
    {
        services.AddSettings<JobOptions>(JobOptions.Section, o => o.LocalHour is >= 0 and <= 23, "Jobs:LocalHour must be an hour of the day.");
        services.AddSingleton<JobRunner>();
        foreach (var job in JobCatalog.All)
        {
            services.AddTransient(job.Type);
        }
        return services;
    }
}
