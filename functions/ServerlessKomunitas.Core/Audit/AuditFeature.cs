namespace ServerlessKomunitas.Audit;

public static class AuditFeature
{
    /// <summary>The audit trail: who did what to which record, and when.</summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddTable(AuditLog.TableName).AddSingleton<AuditLog>();
}
