namespace ServerlessKomunitas.Audit;

public static class AuditFeature
{
    /// <summary>The audit trail: who did what to which record, and when.</summary>
    public static IServiceCollection AddAuditTrail(this IServiceCollection services) =>
        services.AddTable(new(AuditLog.TableName, true, ["who did what and when (keys and roles)", "decision comments"],
            r => PersonReference.ByKey(r.GetString("Actor")).Concat(RecordId.IsWellFormed(r.PartitionKey) ? PersonReference.ByKey(r.PartitionKey) : []))).AddSingleton<AuditLog>();
}
