namespace ServerlessKomunitas.Preferences;

public static class PreferencesFeature
{
    /// <summary>Email preferences, one-click unsubscribe, and SendGrid's event webhook feeding the suppression list.</summary>
    public static IServiceCollection AddPreferences(this IServiceCollection services)
    {
        services.AddSingleton<Audience>();
        services.AddSingleton<PreferenceLinks>();
        services.AddSingleton<PersonLinkResolver>();
        services.AddTransient<PreferenceEndpoints>();
        services.AddTable(TableContents.Impersonal(SendGridWebhook.TableName, "SendGrid event ids already processed"));
        return services.AddSingleton<SendGridWebhook>();
    }
}
