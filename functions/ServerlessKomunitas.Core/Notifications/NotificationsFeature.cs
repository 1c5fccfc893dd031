using SendGrid;

namespace ServerlessKomunitas.Notifications;

public static class NotificationsFeature
{
    /// <summary>Email: the real SendGrid client, the ledger that makes each email happen once, and the suppression list.</summary>
    public static IServiceCollection AddEmail(this IServiceCollection services)
    {
        services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SiteOptions>().BindConfiguration("").ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient(nameof(SendGridClient));
        services.AddTransient<ISendGridClient>(sp =>
        {
            var email = sp.GetRequiredService<IOptions<EmailOptions>>().Value;
            var options = new SendGridClientOptions { ApiKey = email.SendGridApiKey };
            if (!string.IsNullOrWhiteSpace(email.SendGridHost))
            {
                options.Host = email.SendGridHost;
            }
            return new SendGridClient(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(SendGridClient)), options);
        });
        services.AddTransient<IEmailSender, SendGridEmailSender>();
        services.AddHttpClient(BulkEmailSender.ClientName).AddResilienceHandler("sendgrid-bulk", (pipeline, context) =>
            BulkEmailSender.Retry(pipeline, context.ServiceProvider.GetRequiredService<IOptions<EmailOptions>>().Value, context.ServiceProvider.GetRequiredService<TimeProvider>()));
        services.AddTransient<BulkEmailSender>();
        services.AddSingleton<PersonalFooter>();
        services.AddTable(new(EmailLedger.TableName, true, ["email subjects and times", "address hash"], r => PersonReference.ByHash(r.GetString("AddressKey"))));
        services.AddTransient<EmailLedger>();
        services.AddTable(new(Suppressions.TableName, true, ["bounced, reported or withdrawn address hash"], r => PersonReference.ByHash(r.PartitionKey)));
        services.AddSingleton<Suppressions>();
        return services;
    }
}
