using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Registrations;

public static class RegistrationsFeature
{
    /// <summary>Community registrations: the form and JSON intake, the contact's confirmation, and the workflow to a decision.</summary>
    public static IServiceCollection AddRegistrations(this IServiceCollection services)
    {
        services.AddSettings<ConsentOptions>(ConsentOptions.Section, o => !string.IsNullOrWhiteSpace(o.CurrentVersion), "Consent:CurrentVersion must be set.");
        services.AddSettings<RegistrationWorkflowOptions>(RegistrationWorkflowOptions.Section,
            o => o.ConfirmationWindow > TimeSpan.Zero && o.ApprovalReminderAfter > TimeSpan.Zero && o.ApprovalReminderAfter < o.ApprovalExpireAfter,
            "Registration timings must be positive, and the reminder must come before the expiry.");
        services.AddTable(new(RegistrationStore.TableName, true,
            ["community name", "contact name", "contact email", "contact phone", "kab/kota", "links", "description", "consent record", "decision comments"],
            r => PersonReference.ByAddress(r.GetString("Email"), r.GetString("ContactName")), OpenedByLink: true));
        services.AddSingleton<RegistrationStore>();
        services.AddPersonalDataHolder<RegistrationPersonalData>();
        services.AddSingleton<RegistrationValidator>();
        services.AddSingleton<RegistrationIntake>();
        services.AddSingleton<RegistrationEndpoints>();
        services.AddSingleton<ConfirmationEndpoints>();
        services.AddSingleton<RegistrationWorkflowStarter>();
        return services.AddSingleton<IReviewSubject, RegistrationReviewSubject>();
    }
}
