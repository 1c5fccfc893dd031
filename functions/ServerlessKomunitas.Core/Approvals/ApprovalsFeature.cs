namespace ServerlessKomunitas.Approvals;

public static class ApprovalsFeature
{
    /// <summary>
    /// The approval engine: policies as data, decisions beside each request, and the approver's link. It reviews every
    /// <see cref="IReviewSubject"/> the other features register.
    /// </summary>
    public static IServiceCollection AddApprovals(this IServiceCollection services)
    {
        services.AddTable(TableContents.Impersonal(PolicyStore.TableName, "approval policies (coordinator ids)"));
        services.AddSingleton<PolicyStore>();
        services.AddSingleton<ReviewStore>();
        services.AddSingleton<ReviewSubjects>();
        services.AddSingleton<ReviewConclusion>();
        services.AddTransient<ApprovalWhatsApp>();
        services.AddTransient<WhatsApp.IWhatsAppFallback, ApprovalRequestFallback>();
        return services.AddSingleton<ApprovalEndpoints>();
    }
}
