using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.WhatsApp;

public static class WhatsAppFeature
{
    /// <summary>
    /// WhatsApp through Twilio: the account settings, validated at start; the real Twilio client, whose 429 and 5xx are
    /// retried with backoff; the ledger that sends each message once, and the webhook its statuses come back on; the
    /// double opt-in with its own consent, as a section of the preferences page.
    /// </summary>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services)
    {
        services.AddSettings<WhatsAppOptions>(WhatsAppOptions.Section, o => o.IsValid,
            "WhatsApp needs WhatsApp:AccountSid (AC...), AuthToken, MessagingServiceSid (MG...) and a Content SID (HX...) "
            + "under WhatsApp:ContentSids for every template.");
        services.AddTransient<TwilioAddress>();
        services.AddHttpClient(TwilioClients.ClientName).AddHttpMessageHandler<TwilioAddress>()
            .AddStandardResilienceHandler(o => o.Retry.MaxRetryAttempts = 4);
        services.AddSingleton<TwilioClients>();
        services.AddTable(new(WhatsAppLedger.TableName, true, ["WhatsApp messages sent: kind, times, status and number hash", "numbers that replied STOP"],
            r => r.PartitionKey.StartsWith("sid-", StringComparison.Ordinal) ? []
                : r.PartitionKey.StartsWith("n-", StringComparison.Ordinal) ? PersonReference.ByKey(r.GetString("PersonKey"))
                : PersonReference.ByKey(r.PartitionKey)));
        services.AddTable(new(WhatsAppConsents.TableName, true, ["WhatsApp numbers and the consent to use them (version and time)"],
            r => PersonReference.ByKey(r.PartitionKey), OpenedByLink: true));
        services.AddSingleton<WhatsAppConsents>();
        services.AddTransient<WhatsAppOptIn>();
        services.AddTransient<Preferences.IPreferenceSection>(s => s.GetRequiredService<WhatsAppOptIn>());
        services.AddTransient<Inbox.IInboxSection>(s => s.GetRequiredService<WhatsAppOptIn>());
        services.AddSingleton<WhatsAppLedger>();
        services.AddTransient<WhatsAppFallbacks>();
        services.AddTransient<WhatsAppChannels>();
        services.AddTransient<WhatsAppNotices>();
        services.AddTransient<WhatsAppSender>();
        services.AddTransient<TwilioWebhook>();
        return services.AddPersonalDataHolder<WhatsAppPersonalData>();
    }
}
