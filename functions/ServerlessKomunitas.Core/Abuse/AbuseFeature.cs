namespace ServerlessKomunitas.Abuse;

public static class AbuseFeature
{
    /// <summary>The request pipeline both hosts run every request through, with its abuse limits kept in Table Storage for every instance.</summary>
    public static IServiceCollection AddRequestLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ConfirmationEmailsPerAddressPerDay >= 0 && o.SubmissionsPerClientPerHour >= 0 && o.PostsPerClientPerHour >= 0
                && o.PostsPerLinkPerHour >= 0 && o.MinimumFillTime >= TimeSpan.Zero && o.CategoryEmailsPerAddressPerDay >= 0
                && o.EmailsPerAddressPerDay >= o.CategoryEmailsPerAddressPerDay, "Rate limits cannot be negative, and category emails are a share of all emails.")
            .ValidateOnStart();
        services.AddTable(new(RateLimiter.TableName, true, ["client network address hashes and counts"], _ => []));
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<RequestPipeline>();
        return services.AddSingleton<FormTiming>();
    }
}
