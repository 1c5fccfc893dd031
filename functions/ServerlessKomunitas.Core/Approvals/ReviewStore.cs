using System.Globalization;

namespace ServerlessKomunitas.Approvals;

/// <summary>A decision as stored, with the comment that goes with it (comments never travel in workflow events).</summary>
public sealed record StoredDecision(string ApproverId, ApprovalDecision Decision, string? DelegateTo, string? Comment, DateTimeOffset At)
{
    public RoundDecision ForWorkflow => new(ApproverId, Decision, DelegateTo, At.UtcDateTime);
}

public abstract record DecisionResult
{
    public sealed record Recorded(StoredDecision Decision) : DecisionResult;

    /// <summary>This approver already decided in this round (a link is good for one decision).</summary>
    public sealed record AlreadyDecided(StoredDecision Earlier) : DecisionResult;

    /// <summary>The request is no longer waiting for this round: decided, expired, withdrawn, or a later round.</summary>
    public sealed record Closed(TableEntity Row) : DecisionResult;
}

/// <summary>
/// The review state of one request: its row and its decision rows ("decision-{round}-{approver}") in one partition.
/// A decision is one batch (the decision row plus an ETag-conditional touch of the request row), so it is either
/// stored completely and seen by every later reader, or not at all.
/// </summary>
public sealed class ReviewStore(TimeProvider time)
{
    public static string DecisionRowKey(int round, string approverId) => TableKey.Checked($"decision-{round:000}-{approverId}");

    public static async Task<(TableEntity? Row, IReadOnlyList<StoredDecision> Decisions)> ReadAsync(IReviewSubject subject, string id, int round, CancellationToken cancellationToken = default)
    {
        TableEntity? row = null;
        var decisions = new List<StoredDecision>();
        var prefix = $"decision-{round:000}-";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and (RowKey eq {subject.RowKey} or (RowKey ge {prefix} and RowKey lt {prefix + "~"}))");
        await foreach (var entity in subject.Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == subject.RowKey)
            {
                row = entity;
            }
            else
            {
                decisions.Add(FromEntity(entity));
            }
        }
        return (row, decisions.OrderBy(d => d.At).ToList());
    }

    /// <summary>Every decision of every round, for the status page and the audit.</summary>
    public static async Task<IReadOnlyList<(int Round, StoredDecision Decision)>> AllDecisionsAsync(IReviewSubject subject, string id, CancellationToken cancellationToken = default)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {id} and RowKey ge {"decision-"} and RowKey lt {"decision."}");
        var decisions = new List<(int, StoredDecision)>();
        await foreach (var entity in subject.Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            decisions.Add((int.Parse(entity.RowKey.AsSpan(9, 3), CultureInfo.InvariantCulture), FromEntity(entity)));
        }
        return decisions.OrderBy(d => d.Item1).ThenBy(d => d.Item2.At).ToList();
    }

    public async Task<DecisionResult> RecordAsync(IReviewSubject subject, string id, int round, string approverId, ApprovalDecision decision,
        string? comment, string? delegateTo, CancellationToken cancellationToken = default)
    {
        var at = time.GetUtcNow();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await subject.Table.GetEntityIfExistsAsync<TableEntity>(id, subject.RowKey, cancellationToken: cancellationToken);
            if (!current.HasValue || !subject.InReview(current.Value!, round))
            {
                return current.HasValue ? new DecisionResult.Closed(current.Value!) : throw new InvalidOperationException($"{subject.Type} {id} does not exist.");
            }
            var row = current.Value!;
            var stored = new StoredDecision(approverId, decision, delegateTo, comment, at);
            var touch = new TableEntity(id, subject.RowKey) { ["DecisionCount"] = (row.GetInt32("DecisionCount") ?? 0) + 1, ETag = row.ETag };
            try
            {
                await subject.Table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Add, ToEntity(id, round, stored)),
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, touch, row.ETag),
                ], cancellationToken);
                return new DecisionResult.Recorded(stored);
            }
            catch (TableTransactionFailedException e) when (e.Status == 409)
            {
                var earlier = await subject.Table.GetEntityAsync<TableEntity>(id, DecisionRowKey(round, approverId), cancellationToken: cancellationToken);
                return new DecisionResult.AlreadyDecided(FromEntity(earlier.Value));
            }
            catch (TableTransactionFailedException e) when (e.Status == 412)
            {
                // The row changed (another decision, an expiry): read it again.
            }
        }
        throw new InvalidOperationException($"{subject.Type} {id} kept changing while a decision was stored.");
    }

    /// <summary>Applies <paramref name="change"/> to the request row ETag-conditionally, re-reading on conflict.</summary>
    public static async Task<(TableEntity? Row, bool Changed)> TransitionAsync(IReviewSubject subject, string id, Func<TableEntity, bool> change, CancellationToken cancellationToken = default)
    {
        var result = await TransitionOnceAsync(subject, id, change, cancellationToken);
        if (result.Row is not null)
        {
            await subject.ChangedAsync(id, cancellationToken);
        }
        return result;
    }

    static async Task<(TableEntity? Row, bool Changed)> TransitionOnceAsync(IReviewSubject subject, string id, Func<TableEntity, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var current = await subject.Table.GetEntityIfExistsAsync<TableEntity>(id, subject.RowKey, cancellationToken: cancellationToken);
            if (!current.HasValue)
            {
                return (null, false);
            }
            var row = current.Value!;
            if (!change(row))
            {
                return (row, false);
            }
            try
            {
                EntityLimits.Check(row);
                await subject.Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return (row, true);
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed())
            {
            }
        }
        throw new InvalidOperationException($"{subject.Type} {id} kept changing under a transition.");
    }

    static TableEntity ToEntity(string id, int round, StoredDecision d) => new(id, DecisionRowKey(round, d.ApproverId))
    {
        ["ApproverId"] = d.ApproverId,
        ["Decision"] = d.Decision.ToString(),
        ["DelegateTo"] = d.DelegateTo,
        ["Comment"] = d.Comment,
        ["At"] = d.At,
    };

    static StoredDecision FromEntity(TableEntity e) => new(e.GetString("ApproverId"), Enum.Parse<ApprovalDecision>(e.GetString("Decision")),
        e.GetString("DelegateTo"), e.GetString("Comment"), e.GetDateTimeOffset("At") ?? default);
}
