namespace ServerlessKomunitas.WhatsApp;

public static class WhatsAppFeature
{
    /// <summary>WhatsApp through Twilio: the account settings, validated at start, and the real Twilio client.</summary>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services)
    {
        services.AddSettings<WhatsAppOptions>(WhatsAppOptions.Section, o => o.IsValid,
            "WhatsApp needs WhatsApp:AccountSid (AC...), AuthToken, MessagingServiceSid (MG...) and a Content SID (HX...) under WhatsApp:ContentSids for every template.");
        services.AddTransient<TwilioAddress>();
        services.AddHttpClient(TwilioClients.ClientName).AddHttpMessageHandler<TwilioAddress>();
        return services.AddSingleton<TwilioClients>();
    }
}
