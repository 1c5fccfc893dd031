using Azure.Data.Tables;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SendGrid;
using ServerlessKomunitas.Abuse;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Seeding;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas;

public static class ServiceCollectionExtensions
{
    /// <summary>Everything Core needs, for either host. Options are validated when the host starts.</summary>
    public static IServiceCollection AddKomunitasCore(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);

        // Storage: one Table Storage account, the same connection the Functions host uses.
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var storage = configuration.GetSection("AzureWebJobsStorage");
                options.ConnectionString = storage.Value ?? options.ConnectionString;
                options.TableServiceUri = Uri.TryCreate(storage["tableServiceUri"], UriKind.Absolute, out var uri) ? uri : options.TableServiceUri;
                options.ClientId = storage["clientId"] ?? options.ClientId;
            })
            .ValidateDataAnnotations()
            .Validate(o => o.IsConfigured, "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__tableServiceUri.")
            .ValidateOnStart();
        services.AddSingleton(new TableClientOptions());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.CreateClient(sp.GetRequiredService<TableClientOptions>()));
        services.AddSingleton<KomunitasTables>();
        services.AddHostedService<TableCreation>();
        services.AddSingleton<Claims>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<Health.HealthEndpoint>();
        services.AddSingleton<SeedLoader>();

        // Email: the real SendGrid client, and the ledger that makes each email happen once.
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
        services.AddSingleton<Notifications.PersonalFooter>();
        services.AddTransient<EmailLedger>();
        services.AddSingleton<Suppressions>();

        // Signed links: HMAC keys by key id, so that keys can rotate.
        services.AddOptions<LinkSigningOptions>().BindConfiguration(LinkSigningOptions.Section)
            .Validate(o => o.IsValid(out _), "Links:ActiveKeyId must name one of Links:Keys, each base64 of at least 32 bytes.")
            .ValidateOnStart();
        services.AddSingleton<LinkSigner>();

        // Reference data: regions and coordinators.
        services.AddSingleton<RegionDirectory>();
        services.AddSingleton<CoordinatorDirectory>();

        // Abuse limits kept in Table Storage, shared by every instance.
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.ConfirmationEmailsPerAddressPerDay >= 0 && o.SubmissionsPerClientPerHour >= 0 && o.PostsPerClientPerHour >= 0
                && o.PostsPerLinkPerHour >= 0 && o.MinimumFillTime >= TimeSpan.Zero && o.CategoryEmailsPerAddressPerDay >= 0
                && o.EmailsPerAddressPerDay >= o.CategoryEmailsPerAddressPerDay, "Rate limits cannot be negative, and category emails are a share of all emails.")
            .ValidateOnStart();
        services.AddSingleton<RateLimiter>();
        services.AddSingleton<RequestLimits>();
        services.AddSingleton<ServerlessKomunitas.Http.RequestPipeline>();
        services.AddSingleton<FormTiming>();

        // Registrations.
        services.AddOptions<ConsentOptions>().BindConfiguration(ConsentOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.CurrentVersion), "Consent:CurrentVersion must be set.")
            .ValidateOnStart();
        services.AddSingleton<RegistrationValidator>();
        services.AddSingleton<RegistrationStore>();
        services.AddSingleton<RegistrationIntake>();
        services.AddSingleton<RegistrationEndpoints>();
        services.AddSingleton<ConfirmationEndpoints>();
        services.AddOptions<RegistrationWorkflowOptions>().BindConfiguration(RegistrationWorkflowOptions.Section)
            .Validate(o => o.ConfirmationWindow > TimeSpan.Zero && o.ApprovalReminderAfter > TimeSpan.Zero && o.ApprovalReminderAfter < o.ApprovalExpireAfter,
                "Registration timings must be positive, and the reminder must come before the expiry.")
            .ValidateOnStart();
        services.AddSingleton<RegistrationWorkflowStarter>();
        services.AddTransient<RegistrationSteps>();

        // The approval engine: policies as data, decisions beside each request, the subjects it reviews.
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<IReviewSubject, RegistrationReviewSubject>();
        services.AddSingleton<ReviewSubjects>();
        services.AddTransient<ReviewSteps>();
        services.AddSingleton<ApprovalEndpoints>();

        // Event proposals, reviewed by the same engine.
        services.AddOptions<Proposals.ProposalOptions>().BindConfiguration(Proposals.ProposalOptions.Section)
            .Validate(o => o.IsValid, "Proposal timings must be positive, the reminder and escalation before the expiry.")
            .ValidateOnStart();
        services.AddSingleton<Proposals.ProposalStore>();
        services.AddSingleton<Proposals.ProposalLinks>();
        services.AddSingleton<Proposals.ProposalReviewSubject>();
        services.AddSingleton<IReviewSubject>(sp => sp.GetRequiredService<Proposals.ProposalReviewSubject>());
        services.AddSingleton<Proposals.ProposalValidator>();
        services.AddSingleton<Proposals.ProposalIntake>();
        services.AddSingleton<Proposals.ProposalEndpoints>();
        services.AddTransient<Proposals.ProposalSteps>();

        // The public calendar of confirmed events.
        services.AddSingleton<Calendar.EventCalendar>();
        services.AddSingleton<Calendar.CalendarRequestReader>();
        services.AddSingleton<Calendar.CalendarEndpoints>();

        // Email preferences, one-click unsubscribe, SendGrid's event webhook and suppression.
        services.AddSingleton<Preferences.Audience>();
        services.AddSingleton<Preferences.PreferenceLinks>();
        services.AddSingleton<Preferences.PersonLinkResolver>();
        services.AddTransient<Preferences.PreferenceEndpoints>();
        services.AddSingleton<Preferences.SendGridWebhook>();
        services.AddSingleton<Privacy.PersonalDataExport>();
        services.AddSingleton<Privacy.ContactPeople>();
        services.AddSingleton<Privacy.PrivacyEndpoints>();
        services.AddSingleton<Privacy.PrivacyRequests>();
        services.AddSingleton<Privacy.ConsentWithdrawal>();
        services.AddSingleton<Privacy.PersonalDataErasure>();
        services.AddSingleton<Privacy.BreachScope>();
        services.AddSingleton<Privacy.ConsentRenewal>();
        services.AddSingleton<Privacy.BreachEndpoints>();
        services.AddOptions<Privacy.PrivacyOptions>().BindConfiguration(Privacy.PrivacyOptions.Section)
            .Validate(o => o.IsValid, "Privacy: WorkflowGrace, ResumeAfter (under a day) and HistoryRetention must be positive.")
            .ValidateOnStart();

        // Engagement: the weekly challenge and the timer jobs' ledger.
        services.AddSingleton<Engagement.ChallengeStore>();
        services.AddSingleton<Engagement.JobSends>();
        services.AddSingleton<Engagement.ActivityLog>();
        services.AddOptions<Engagement.EngagementOptions>().BindConfiguration(Engagement.EngagementOptions.Section)
            .Validate(o => o.InactiveAfter > TimeSpan.Zero, "Engagement:InactiveAfter must be positive.")
            .ValidateOnStart();

        // RSVPs and the waitlist of confirmed events.
        services.AddSingleton<Rsvps.RsvpStore>();
        services.AddSingleton<Rsvps.RsvpLinks>();
        services.AddSingleton<Rsvps.EventRsvps>();
        services.AddSingleton<Rsvps.RsvpEndpoints>();

        // Members: persons, memberships, double opt-in, the daily digest to community contacts.
        services.AddOptions<Members.MemberOptions>().BindConfiguration(Members.MemberOptions.Section)
            .Validate(o => o.IsValid, "Member:ConfirmationWindow must be positive and Member:DefaultMentorCapacity between 1 and Member:MaxMentorCapacity.")
            .ValidateOnStart();
        services.AddSingleton<Members.PersonStore>();
        services.AddSingleton<Members.MemberLinks>();
        services.AddSingleton<Members.MemberValidator>();
        services.AddSingleton<Members.MemberIntake>();
        services.AddSingleton<Members.MemberEndpoints>();
        services.AddSingleton<Members.NewMemberQueue>();
        services.AddTransient<Members.MemberSteps>();

        // Mentoring: matching, the programme of check-ins, feedback.
        services.AddOptions<Mentoring.MentoringOptions>().BindConfiguration(Mentoring.MentoringOptions.Section)
            .Validate(o => o.IsValid, "Mentoring: CheckIns 1 to 52 and every wait positive.")
            .ValidateOnStart();
        services.AddOptions<Mentoring.CheckInOptions>().BindConfiguration(Mentoring.CheckInOptions.Section)
            .Validate(o => o.IsValid, "CheckIn:LocalHour must be empty or an hour of the day, CheckIn:Window positive.")
            .ValidateOnStart();
        services.AddSingleton<Mentoring.MentorshipStore>();
        services.AddSingleton<Mentoring.MentorDirectory>();
        services.AddSingleton<Mentoring.MentorshipLinks>();
        services.AddSingleton<Mentoring.MentorshipStarter>();
        services.AddSingleton<Mentoring.MentorshipEndpoints>();
        services.AddTransient<Mentoring.MentorshipSteps>();

        // Scheduled jobs, fired by timer triggers in Azure and by Local's scheduler.
        services.AddOptions<Jobs.JobOptions>().BindConfiguration(Jobs.JobOptions.Section)
            .Validate(o => o.LocalHour is >= 0 and <= 23, "Jobs:LocalHour must be an hour of the day.")
            .ValidateOnStart();
        services.AddSingleton<Jobs.JobRunner>();
        foreach (var job in Jobs.JobCatalog.All)
        {
            services.AddTransient(job.Type);
        }

        // Operators: policies and coordinators.
        services.AddSingleton<Operations.OperatorEndpoints>();
        return services;
    }
}
