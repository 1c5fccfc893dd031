using ServerlessKomunitas.Http;
using ServerlessKomunitas.Local.Calendar;
using ServerlessKomunitas.Local.Durable;
using ServerlessKomunitas.Local.Inbox;
using ServerlessKomunitas.Local.Jobs;
using ServerlessKomunitas.Local.Mail;
using ServerlessKomunitas.Local.Listings;
using ServerlessKomunitas.Local.Mapping;
using ServerlessKomunitas.Local.Members;
using ServerlessKomunitas.Local.Mentoring;
using ServerlessKomunitas.Local.Operations;
using ServerlessKomunitas.Local.Preferences;
using ServerlessKomunitas.Local.Proposals;
using ServerlessKomunitas.Local.Registrations;
using ServerlessKomunitas.Local.WhatsApp;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// The local host: the same routes, workflows and schedules as the Functions app, in one process.
/// Tests build it the same way, with their own configuration.
/// </summary>
public static class LocalApp
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Settings come from the app's own folder, wherever it is started from.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

        // Kestrel: HTTP/1.1 on the loopback port that `func` would use.
        builder.AddLocalEndpoints();

        // With nothing configured, email goes to this host's own SendGrid endpoint and links point here.
        builder.Services.AddLocalDefaults();

        // The real Durable Task engine, over the Azure Storage provider on Azurite, running Core's workflows.
        builder.AddLocalDurableTask();

        // Operator routes take the admin key locally, as Azure takes the function key.
        builder.Services.AddOptions<AdminOptions>().BindConfiguration(AdminOptions.Section);

        // The mailbox behind the local SendGrid endpoint: on disk, outside Azurite.
        builder.Services.AddOptions<MailboxOptions>().BindConfiguration(MailboxOptions.Section);
        builder.Services.AddSingleton<Mailbox>();
        builder.Services.AddSingleton<WhatsAppBox>();
        // A person's message goes to this host's own webhook, as Twilio's Messaging Service would send it.
        builder.Services.AddOptions<DevTwilioOptions>().BindConfiguration(DevTwilioOptions.Section)
            .PostConfigure<Microsoft.Extensions.Options.IOptions<ServerlessKomunitas.Notifications.SiteOptions>>(
                (dev, site) => dev.InboundUrl ??= site.Value.Link(ApiRoutes.TwilioEvents.Path));

        // Core's scheduled jobs on their CRON settings, as the Functions timer triggers run them.
        builder.Services.AddHostedService<Jobs.LocalScheduler>();

        // Traces of requests, workflows and emails, as in Azure; exported when an OTLP endpoint is set.
        builder.AddLocalTelemetry();

        // Every feature, from Core's one list (KomunitasFeatures), exactly as the Functions app registers them.
        builder.Services.AddKomunitas();

        // Tests add their settings and fault injectors last, over everything above.
        configure?.Invoke(builder);

        var app = builder.Build();

        // Every request goes through Core's pipeline, as in the Functions app: the request limits, the handler, and a 503
        // or 500 problem+json for a failure (in Development too). The route is known here: routing has already run.
        app.Use((context, next) => context.RequestServices.GetRequiredService<RequestPipeline>()
            .RunAsync(context, context.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>(), () => next(context)));
        app.MapLocalDurableTask();
        app.MapSiteRoutes();
        app.MapRegistrationRoutes();
        app.MapInboxRoutes();
        app.MapProposalRoutes();
        app.MapCalendarRoutes();
        app.MapMapRoutes();
        app.MapDirectoryRoutes();
        app.MapMemberRoutes();
        app.MapMentoringRoutes();
        app.MapPreferenceRoutes();
        app.MapWhatsAppRoutes();
        app.MapJobRoutes();
        app.MapOperatorRoutes();
        app.MapMailbox();

        app.Lifetime.ApplicationStarted.Register(() => PrintWelcome(app));

        return app;
    }

    static void PrintWelcome(WebApplication app)
    {
        var baseAddress = app.BaseAddress().ToString().TrimEnd('/').Replace("127.0.0.1", "localhost");
        // Once, at start: the guard only keeps the analyzer's rule that arguments are not built for a disabled level.
        if (!app.Logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        app.Logger.LogInformation(
            "ServerlessKomunitas is running.\n  Home page:         {Home}\n  Registration form: {Form}\n  Member form:       {Members}\n  Proposal form:     {Proposals}\n  Event calendar:    {Calendar}\n  API (OpenAPI):     {Api}\n  Mailbox:           {Mailbox}\n  Health:            {Health}",
            baseAddress + ApiRoutes.Home.Path, baseAddress + ApiRoutes.RegistrationForm.Path, baseAddress + ApiRoutes.MemberForm.Path,
            baseAddress + ApiRoutes.ProposalForm.Path, baseAddress + ApiRoutes.ListEvents.Path, baseAddress + ApiRoutes.OpenApi.Path,
            $"{baseAddress}/dev/mailbox", baseAddress + ApiRoutes.Health.Path);
    }
}
