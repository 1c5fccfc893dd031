using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Inbox;

public enum InboxState
{
    /// <summary>The coordinator was asked and has not decided; the request is still in this round's review.</summary>
    Waiting,

    /// <summary>The coordinator decided (or handed the decision on).</summary>
    Decided,

    /// <summary>The round ended without this coordinator's decision: decided by others, expired or withdrawn.</summary>
    Closed,
}

/// <summary>
/// One request in one coordinator's inbox, for one round, with the round's rule (how the decisions of those asked combine).
/// No personal data: the request's title and place only.
/// </summary>
public sealed record InboxItem(string CoordinatorId, string SubjectType, string SubjectId, int Round, string Title, string What, string Brief,
    string RegencyCode, string ProvinceCode, DateTimeOffset Deadline, DateTimeOffset AskedAt, InboxState State, string? Decision = null,
    DateTimeOffset? DecidedAt = null, ApprovalRule Rule = ApprovalRule.AnyOf, int Needed = 1);

/// <summary>
/// The per-coordinator index of what awaits their decision, kept by the approval activities as requests are asked,
/// decided, delegated, escalated, expired and withdrawn, so that a coordinator's inbox is one partition read and never a
/// scan of Registrations or Proposals. Two rows per asked coordinator and round: theirs (partition "c-{coordinator}")
/// and the round's (partition "r-{type}-{id}-{round}", one row per coordinator asked), through which the end of a
/// round finds every inbox that holds it. Every write is idempotent: an activity retried writes the same rows.
/// </summary>
public sealed class ApprovalInbox(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "ApprovalInbox";

    TableClient Table => tables.Client(TableName);

    static string CoordinatorPartition(string coordinatorId) => TableKey.Checked("c-" + coordinatorId);

    static string RoundPartition(string subjectType, string subjectId, int round) =>
        TableKey.Checked(FormattableString.Invariant($"r-{subjectType}-{subjectId}-{round:D3}"));

    static string ItemRow(string subjectType, string subjectId, int round) => TableKey.Checked(FormattableString.Invariant($"{subjectType}-{subjectId}-{round:D3}"));

    /// <summary>The coordinator was asked (a request, a reminder, an escalation, a delegation): the item waits, unless they already decided.</summary>
    public async Task AskAsync(InboxItem item, CancellationToken cancellationToken = default)
    {
        await Table.UpsertEntityAsync(new TableEntity(RoundPartition(item.SubjectType, item.SubjectId, item.Round), TableKey.Checked(item.CoordinatorId)),
            TableUpdateMode.Merge, cancellationToken);
        var row = ToEntity(item with { State = InboxState.Waiting });
        if (!await Table.AddIfAbsentAsync(row, cancellationToken))
        {
            // A reminder or a retried activity: the item keeps its state and first asking; the deadline may only move on.
            var existing = (await Table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value;
            if (existing.GetString(nameof(InboxItem.State)) == nameof(InboxState.Waiting) && existing.GetDateTimeOffset(nameof(InboxItem.Deadline)) != item.Deadline)
            {
                existing[nameof(InboxItem.Deadline)] = item.Deadline;
                await Table.UpdateEntityAsync(existing, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    /// <summary>The coordinator's decision was stored. An item the index never held (asked before it existed) is written decided.</summary>
    public async Task DecidedAsync(string coordinatorId, string subjectType, string subjectId, int round, string decision, DateTimeOffset at,
        Func<InboxItem> describe, CancellationToken cancellationToken = default)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(CoordinatorPartition(coordinatorId), ItemRow(subjectType, subjectId, round), cancellationToken: cancellationToken);
        var row = found.HasValue ? found.Value! : ToEntity(describe());
        row[nameof(InboxItem.State)] = nameof(InboxState.Decided);
        row[nameof(InboxItem.Decision)] = decision;
        row[nameof(InboxItem.DecidedAt)] = at;
        await Table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        await Table.UpsertEntityAsync(new TableEntity(RoundPartition(subjectType, subjectId, round), TableKey.Checked(coordinatorId)), TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The round ended (an outcome, an expiry, a withdrawal): it leaves every inbox where it still waits.</summary>
    public async Task CloseAsync(string subjectType, string subjectId, int round, CancellationToken cancellationToken = default)
    {
        foreach (var row in await RoundRowsAsync(subjectType, subjectId, round, cancellationToken))
        {
            if (row.GetString(nameof(InboxItem.State)) == nameof(InboxState.Waiting))
            {
                row[nameof(InboxItem.State)] = nameof(InboxState.Closed);
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
    }

    /// <summary>Everyone asked in this round, with their item (for "who else decides, and who already did").</summary>
    public async Task<IReadOnlyList<InboxItem>> RoundAsync(string subjectType, string subjectId, int round, CancellationToken cancellationToken = default) =>
        (await RoundRowsAsync(subjectType, subjectId, round, cancellationToken)).Select(FromEntity).ToList();

    /// <summary>The item rows of every coordinator asked in the round, found through the round's own partition.</summary>
    async Task<List<TableEntity>> RoundRowsAsync(string subjectType, string subjectId, int round, CancellationToken cancellationToken)
    {
        var rows = new List<TableEntity>();
        var partition = RoundPartition(subjectType, subjectId, round);
        await foreach (var asked in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(CoordinatorPartition(asked.RowKey), ItemRow(subjectType, subjectId, round), cancellationToken: cancellationToken);
            if (found.HasValue)
            {
                rows.Add(found.Value!);
            }
        }
        return rows;
    }

    /// <summary>The coordinator's items: those waiting, and those decided since <paramref name="decidedSince"/>.</summary>
    public async Task<IReadOnlyList<InboxItem>> OfAsync(string coordinatorId, DateTimeOffset decidedSince, CancellationToken cancellationToken = default)
    {
        var items = new List<InboxItem>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {CoordinatorPartition(coordinatorId)} and (State eq {nameof(InboxState.Waiting)} or (State eq {nameof(InboxState.Decided)} and DecidedAt ge {decidedSince}))");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            items.Add(FromEntity(row));
        }
        return items;
    }

    static TableEntity ToEntity(InboxItem item) => new(CoordinatorPartition(item.CoordinatorId), ItemRow(item.SubjectType, item.SubjectId, item.Round))
    {
        [nameof(InboxItem.CoordinatorId)] = item.CoordinatorId,
        [nameof(InboxItem.SubjectType)] = item.SubjectType,
        [nameof(InboxItem.SubjectId)] = item.SubjectId,
        [nameof(InboxItem.Round)] = item.Round,
        [nameof(InboxItem.Title)] = item.Title,
        [nameof(InboxItem.What)] = item.What,
        [nameof(InboxItem.Brief)] = item.Brief,
        [nameof(InboxItem.RegencyCode)] = item.RegencyCode,
        [nameof(InboxItem.ProvinceCode)] = item.ProvinceCode,
        [nameof(InboxItem.Deadline)] = item.Deadline,
        [nameof(InboxItem.AskedAt)] = item.AskedAt,
        [nameof(InboxItem.State)] = item.State.ToString(),
        [nameof(InboxItem.Decision)] = item.Decision,
        [nameof(InboxItem.DecidedAt)] = item.DecidedAt,
        [nameof(InboxItem.Rule)] = item.Rule.ToString(),
        [nameof(InboxItem.Needed)] = item.Needed,
    };

    static InboxItem FromEntity(TableEntity e) => new(
        e.GetString(nameof(InboxItem.CoordinatorId)) ?? "", e.GetString(nameof(InboxItem.SubjectType)) ?? "", e.GetString(nameof(InboxItem.SubjectId)) ?? "",
        e.GetInt32(nameof(InboxItem.Round)) ?? 0, e.GetString(nameof(InboxItem.Title)) ?? "", e.GetString(nameof(InboxItem.What)) ?? "",
        e.GetString(nameof(InboxItem.Brief)) ?? "", e.GetString(nameof(InboxItem.RegencyCode)) ?? "", e.GetString(nameof(InboxItem.ProvinceCode)) ?? "",
        e.GetDateTimeOffset(nameof(InboxItem.Deadline)) ?? default, e.GetDateTimeOffset(nameof(InboxItem.AskedAt)) ?? default,
        Enum.Parse<InboxState>(e.GetString(nameof(InboxItem.State)) ?? nameof(InboxState.Closed)),
        e.GetString(nameof(InboxItem.Decision)), e.GetDateTimeOffset(nameof(InboxItem.DecidedAt)),
        Enum.TryParse<ApprovalRule>(e.GetString(nameof(InboxItem.Rule)), out var rule) ? rule : ApprovalRule.AnyOf, e.GetInt32(nameof(InboxItem.Needed)) ?? 1);

    static string EmailsPartition(string coordinatorId) => TableKey.Checked("e-" + coordinatorId);

    static string DayRow(DateOnly day) => day.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The row that remembers one email's answer: its key hashed, since ledger keys hold characters a row key may not.</summary>
    static string EmailRow(DateOnly day, string emailKey) =>
        DayRow(day) + "-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(emailKey)))[..32];

    /// <summary>
    /// Whether the approval email named <paramref name="emailKey"/> may go to the coordinator singly on their local
    /// <paramref name="day"/>: true for the first <paramref name="limit"/> of the day, false after (it waits in the
    /// inbox and the digest). The same key always gets the same answer, so a retried activity neither sends twice nor
    /// uses up the day twice. The day's counts and the email's own answer are written in one transaction under the
    /// counts' ETag, so concurrent activities never let more through than the limit, and a day holds any number of emails.
    /// </summary>
    public async Task<bool> TryTakeEmailAsync(string coordinatorId, DateOnly day, string emailKey, int limit, CancellationToken cancellationToken = default)
    {
        var partition = EmailsPartition(coordinatorId);
        var emailRow = EmailRow(day, emailKey);
        while (true)
        {
            // Both rows in one read: the email's own answer, if it has one, and the day's counts.
            var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and (RowKey eq {DayRow(day)} or RowKey eq {emailRow})");
            await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                rows[row.RowKey] = row;
            }
            if (rows.TryGetValue(emailRow, out var answered))
            {
                return answered.GetBoolean("Sent") == true;
            }
            var hasCounts = rows.TryGetValue(DayRow(day), out var existing);
            var counts = existing ?? new TableEntity(partition, DayRow(day)) { ["SentCount"] = 0, ["HeldCount"] = 0 };
            var allowed = (counts.GetInt32("SentCount") ?? 0) < limit;
            var column = allowed ? "SentCount" : "HeldCount";
            counts[column] = (counts.GetInt32(column) ?? 0) + 1;
            try
            {
                await Table.SubmitTransactionAsync(
                [
                    hasCounts ? new(TableTransactionActionType.UpdateReplace, counts, counts.ETag) : new(TableTransactionActionType.Add, counts),
                    new(TableTransactionActionType.Add, new TableEntity(partition, emailRow) { ["Sent"] = allowed }),
                ], cancellationToken);
                return allowed;
            }
            catch (TableTransactionFailedException e) when (e.Status is 409 or 412)
            {
                // Another activity took from the same day first, or this email was answered meanwhile: read again.
            }
        }
    }

    /// <summary>How many approval emails to the coordinator were held back on these local days.</summary>
    public async Task<int> HeldAsync(string coordinatorId, IEnumerable<DateOnly> days, CancellationToken cancellationToken = default)
    {
        var held = 0;
        foreach (var day in days)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(EmailsPartition(coordinatorId), DayRow(day), cancellationToken: cancellationToken);
            held += found.HasValue ? found.Value!.GetInt32("HeldCount") ?? 0 : 0;
        }
        return held;
    }
}
