using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Proposals;

public static class ProposalsFeature
{
    /// <summary>Event proposals from approved communities, reviewed by the approval engine, confirmed onto the calendar.</summary>
    public static IServiceCollection AddProposals(this IServiceCollection services)
    {
        services.AddSettings<ProposalOptions>(ProposalOptions.Section,
            o => o.IsValid, "Proposal timings must be positive, the reminder and escalation before the expiry.");
        services.AddTable(new(ProposalStore.TableName, true, ["event title", "contact name", "contact email", "venue", "online link", "description", "decision comments"],
            r => PersonReference.ByAddress(r.GetString("ContactEmail"), r.GetString("ContactName")), OpenedByLink: true));
        services.AddSingleton<ProposalStore>();
        services.AddPersonalDataHolder<ProposalPersonalData>();
        services.AddSingleton<ProposalLinks>();
        services.AddSingleton<ProposalConfirmationWhatsApp>();
        services.AddTransient<WhatsApp.IWhatsAppFallback, ProposalConfirmationFallback>();
        services.AddSingleton<ProposalReviewSubject>();
        services.AddSingleton<IReviewSubject>(sp => sp.GetRequiredService<ProposalReviewSubject>());
        services.AddSingleton<ProposalValidator>();
        services.AddSingleton<ProposalIntake>();
        return services.AddSingleton<ProposalEndpoints>();
    }
}
