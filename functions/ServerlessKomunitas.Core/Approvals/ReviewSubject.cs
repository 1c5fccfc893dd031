namespace ServerlessKomunitas.Approvals;

/// <summary>What approvers and the requester read about a request: for emails and pages. Free text is encoded where it is shown.</summary>
public sealed record ReviewSummary(
    string Title,
    string What,
    string RegencyCode,
    string ProvinceCode,
    string ContactName,
    string ContactEmail,
    IReadOnlyList<(string Label, string Value)> Details,
    string StatusPath)
{
    /// <summary>The kab/kota's name when it was looked up, else its code.</summary>
    public string RegencyName { get; init; } = RegencyCode;

    /// <summary>One line for a list of requests (the inbox): what sets this one apart, with nothing about its contact.</summary>
    public string Brief { get; init; } = "";
}

/// <summary>
/// A kind of request that goes through the approval engine (a registration, a proposal). Its row and the
/// approvers' decision rows share one partition of its table, so that a decision and the row's ETag change in
/// one batch, and an expiry that read the decisions cannot miss one stored after it.
/// </summary>
public interface IReviewSubject
{
    /// <summary>The name in links and workflow inputs: "registration" or "proposal".</summary>
    string Type { get; }

    TableClient Table { get; }

    string RowKey { get; }

    /// <summary>Tells the subject's store's observer that the row was written, or asked to be (see <see cref="IRecordChangeObserver"/>).</summary>
    Task ChangedAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Whether approvers may ask for changes (proposals) or only approve or reject (registrations).</summary>
    bool AllowsChanges { get; }

    /// <summary>Whether the row is waiting for the approvers of <paramref name="round"/>.</summary>
    bool InReview(TableEntity row, int round);

    /// <summary>Moves the row to the outcome; false when it is no longer in that round's review.</summary>
    bool Conclude(TableEntity row, int round, ApprovalOutcome outcome, string? decidedBy, string? comment, DateTimeOffset at);

    bool Expire(TableEntity row, int round, DateTimeOffset at);

    /// <summary>Marks the start of a round's review (approvers asked, deadline), idempotently.</summary>
    void StartRound(TableEntity row, int round, DateTimeOffset at, DateTimeOffset deadline);

    ReviewSummary Summarize(TableEntity row, Regency? regency);

    /// <summary>The emails to the requester once the round has an outcome (or expired).</summary>
    EmailMessage OutcomeEmail(TableEntity row, ReviewSummary summary, ApprovalOutcome? outcome, string statusLink, string? comments);

    string StatusName(TableEntity row);
}

/// <summary>The subjects by type, as workflow inputs and links name them.</summary>
public sealed class ReviewSubjects(IEnumerable<IReviewSubject> subjects, RegionDirectory regions)
{
    readonly Dictionary<string, IReviewSubject> byType = subjects.ToDictionary(s => s.Type);

    public IReviewSubject this[string type] =>
        byType.TryGetValue(type, out var subject) ? subject : throw new InvalidOperationException($"Unknown review subject '{type}'.");

    public bool TryGet(string type, out IReviewSubject subject) => byType.TryGetValue(type, out subject!);

    /// <summary>The request as approvers and emails show it, with its kab/kota from the reference data.</summary>
    public async Task<ReviewSummary> SummaryAsync(IReviewSubject subject, TableEntity row)
    {
        var summary = subject.Summarize(row, null);
        return subject.Summarize(row, await regions.FindRegencyAsync(summary.RegencyCode));
    }
}
