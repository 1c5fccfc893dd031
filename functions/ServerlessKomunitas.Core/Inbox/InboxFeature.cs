namespace ServerlessKomunitas.Inbox;

public static class InboxFeature
{
    /// <summary>The approver's inbox: the per-coordinator index the approval activities keep, the signed inbox link, and the page.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSettings<InboxOptions>(InboxOptions.Section, o => o.IsValid, "Inbox: LinkLifetime must be positive, PageSize between 1 and 50, DailyEmails between 0 and 1000.");
        services.AddTable(TableContents.Impersonal(ApprovalInbox.TableName, "requests awaiting each coordinator slot: title, place, deadline, the slot's decision"));
        services.AddSingleton<ApprovalInbox>();
        services.AddSingleton<InboxLinks>();
        services.AddSingleton<InboxLinkRequests>();
        return services.AddSingleton<InboxEndpoints>();
    }
}
