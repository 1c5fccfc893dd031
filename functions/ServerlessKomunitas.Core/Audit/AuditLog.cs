namespace ServerlessKomunitas.Audit;

/// <summary>
/// One state change: who (an actor id, never an address), what, when, from which workflow instance.
/// <see cref="Round"/> tells apart repeats of the same action, such as a second reminder.
/// </summary>
public sealed record AuditEntry(
    string SubjectId,
    string Action,
    int Round,
    string Actor,
    DateTimeOffset At,
    string? FromStatus = null,
    string? ToStatus = null,
    string? Comment = null,
    string? Workflow = null,
    string? InstanceId = null);

/// <summary>
/// The audit trail, partitioned by subject. Entries are keyed by action, round and actor, so that an activity
/// that runs twice writes the same entry twice, not two entries.
/// </summary>
public sealed class AuditLog(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Audit";

    TableClient Table => tables.Client(TableName);

    public async Task RecordAsync(IReadOnlyCollection<AuditEntry> entries, CancellationToken cancellationToken = default)
    {
        if (entries.Count == 0)
        {
            return;
        }
        await KomunitasTables.SubmitInBatchesAsync(Table,
            entries.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(e))), cancellationToken);
    }

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken = default) => RecordAsync([entry], cancellationToken);

    public async Task<IReadOnlyList<AuditEntry>> ForSubjectAsync(string subjectId, CancellationToken cancellationToken = default)
    {
        var entries = new List<AuditEntry>();
        await foreach (var e in Table.QueryAsync<TableEntity>(x => x.PartitionKey == subjectId, cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry(e.PartitionKey, e.GetString("Action"), e.GetInt32("Round") ?? 0, e.GetString("Actor"),
                e.GetDateTimeOffset("At") ?? default, e.GetString("FromStatus"), e.GetString("ToStatus"), e.GetString("Comment"),
                e.GetString("Workflow"), e.GetString("InstanceId")));
        }
        return entries.OrderBy(e => e.At).ThenBy(e => e.Action, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Keeps the facts of a subject's entries while cutting them from an erased person: entries about them move under
    /// the pseudonym, and their key as the actor becomes the pseudonym. Returns how many entries changed.
    /// </summary>
    public async Task<int> PseudonymizeAsync(string subjectId, string personKey, string pseudonym, string? movedTo = null, CancellationToken cancellationToken = default)
    {
        var changed = 0;
        foreach (var entry in await ForSubjectAsync(subjectId, cancellationToken))
        {
            var target = movedTo ?? (subjectId == personKey ? pseudonym : subjectId);
            // A sign-up workflow's instance id holds the person's key, a moved mentorship's its old id.
            var instanceId = entry.InstanceId?.Replace(personKey, pseudonym, StringComparison.Ordinal);
            instanceId = instanceId == subjectId ? target : instanceId;
            if (target == subjectId && entry.Actor != personKey && instanceId == entry.InstanceId)
            {
                continue;
            }
            var kept = entry with
            {
                SubjectId = target,
                Actor = entry.Actor == personKey ? pseudonym : entry.Actor,
                InstanceId = instanceId,
            };
            await RecordAsync(kept, cancellationToken);
            var old = ToEntity(entry);
            if (old.RowKey != ToEntity(kept).RowKey || target != subjectId)
            {
                await Table.DeleteIfExistsAsync(old.PartitionKey, old.RowKey, cancellationToken);
            }
            changed++;
        }
        return changed;
    }

    static TableEntity ToEntity(AuditEntry e) => new(TableKey.Checked(e.SubjectId), TableKey.Checked($"{e.Action}-{e.Round:000}-{e.Actor}"))
    {
        ["Action"] = e.Action,
        ["Round"] = e.Round,
        ["Actor"] = e.Actor,
        ["At"] = e.At,
        ["FromStatus"] = e.FromStatus,
        ["ToStatus"] = e.ToStatus,
        ["Comment"] = e.Comment,
        ["Workflow"] = e.Workflow,
        ["InstanceId"] = e.InstanceId,
    };
}
