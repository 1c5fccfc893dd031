using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Pages;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Local.Mail;

/// <summary>
/// `mail`: the local SendGrid- and Twilio-compatible endpoints, the mailbox and the WhatsApp view as a process of their own, on
/// http://localhost:7072 by default (<c>Local:HttpPort</c>). The Functions app runs on the real Functions host, which
/// ships nothing under /dev, and sends its mail here; `npm start` and the real-host tests start it. The Local host
/// keeps serving the same routes itself, in-process.
/// </summary>
public static partial class MailService
{
    public const int DefaultPort = 7072;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [$"{LocalHostOptions.Section}:HttpPort"] = DefaultPort.ToString() });
        builder.Configuration.AddEnvironmentVariables().AddCommandLine(args);
        builder.AddLocalEndpoints();
        builder.Services.AddSingleton(TimeProvider.System);
        // The endpoint checks the caller's key as SendGrid does: the one the app is given (Email:SendGridApiKey).
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section)
            .PostConfigure(email => email.SendGridApiKey = string.IsNullOrWhiteSpace(email.SendGridApiKey) ? LocalDefaults.SendGridApiKey : email.SendGridApiKey);
        builder.Services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section);
        builder.Services.AddSingleton<Mailbox>();
        // The Twilio endpoint checks the caller's account and token as Twilio does: the local account's, unless configured.
        builder.Services.AddOptions<WhatsAppOptions>().BindConfiguration(WhatsAppOptions.Section)
            .PostConfigure(whatsApp => LocalDefaults.UseLocalTwilio(whatsApp, ""));
        builder.Services.AddSingleton<WhatsAppBox>();
        builder.Services.AddOptions<DevTwilioOptions>().BindConfiguration(DevTwilioOptions.Section);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapMailbox();
        // The mailbox page uses the site's stylesheet.
        app.MapGet(ApiRoutes.Stylesheet.Path, (HttpResponse response) => Stylesheet.Handle(response));
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var (sendGrid, mailbox) = (new Uri(app.BaseAddress(), SendGridEndpoint.Path), new Uri(app.BaseAddress(), "/dev/mailbox"));
            Listening(app.Logger, sendGrid, mailbox);
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mail service: SendGrid endpoint {SendGrid}, mailbox {Mailbox}")]
    static partial void Listening(ILogger log, Uri sendGrid, Uri mailbox);
}
