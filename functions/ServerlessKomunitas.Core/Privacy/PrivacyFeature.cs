namespace ServerlessKomunitas.Privacy;

public static class PrivacyFeature
{
    /// <summary>UU PDP: "Data saya" export, consent withdrawal, erasure, consent renewal, and the breach report.</summary>
    public static IServiceCollection AddPrivacy(this IServiceCollection services)
    {
        services.AddSettings<PrivacyOptions>(PrivacyOptions.Section,
            o => o.IsValid, "Privacy: WorkflowGrace, ResumeAfter (under a day) and HistoryRetention must be positive.");
        services.AddTable(new(PrivacyRequests.TableName, true, ["open data-rights requests: name and email"],
            r => PersonReference.ByAddress(r.GetString("Email"), r.GetString("Name"))));
        services.AddSingleton<PrivacyRequests>();
        services.AddSingleton<PersonalDataExport>();
        services.AddSingleton<ContactPeople>();
        services.AddSingleton<PrivacyEndpoints>();
        services.AddSingleton<ConsentWithdrawal>();
        services.AddSingleton<PersonalDataErasure>();
        services.AddSingleton<BreachScope>();
        services.AddSingleton<ConsentRenewal>();
        return services.AddSingleton<BreachEndpoints>();
    }
}
