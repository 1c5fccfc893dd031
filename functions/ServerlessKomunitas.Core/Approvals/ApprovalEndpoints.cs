using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Inbox;

namespace ServerlessKomunitas.Approvals;

/// <summary>
/// An approver's link, for any request the approval engine reviews. The GET only shows the request and the
/// choices (mail scanners open every link); the POST from that page stores this approver's decision for this
/// round, once, and then wakes the workflow.
/// </summary>
public sealed class ApprovalEndpoints(
    LinkSigner links,
    ReviewSubjects subjects,
    ReviewStore reviews,
    CoordinatorDirectory coordinators,
    RegionDirectory regions,
    ApprovalInbox inbox,
    TimeProvider time,
    ILogger<ApprovalEndpoints> log)
{
    public const int MaxBodyBytes = 8 * 1024;
    public const int MaxCommentLength = 1000;

    public static class Fields
    {
        public const string Decision = "decision";
        public const string Comment = "comment";
        public const string DelegateTo = "delegateTo";
    }

    public sealed record DecisionRecorded(string Id, string SubjectType, int Round, string ApproverId, ApprovalDecision Decision, string? DelegateTo, DateTimeOffset At, string Status);

    public sealed record ReviewView(string Id, string SubjectType, int Round, string Status, string ApproverId, IReadOnlyList<StoredDecision> Decisions);

    sealed record Context(IReviewSubject Subject, TableEntity Row, IReadOnlyList<StoredDecision> Decisions, SignedLink Link,
        Coordinator? Approver, IndonesianTimeZone Zone, ReviewSummary Summary)
    {
        /// <summary>This approver's decision in this round, when they already took one.</summary>
        public StoredDecision? Earlier { get; init; }
    }

    public async Task<IResult> ShowAsync(HttpRequest request, string token)
    {
        var html = !Negotiation.PrefersJson(request);
        var (context, refusal) = await ResolveAsync(token, html, request.HttpContext.RequestAborted);
        if (context is null)
        {
            return refusal!;
        }
        return html
            ? await DecisionPageAsync(context, token, null, null, new FieldErrors(), StatusCodes.Status200OK)
            : ApiResults.Ok(new ReviewView(context.Link.Subject, context.Subject.Type, context.Link.Round, context.Subject.StatusName(context.Row), context.Link.Actor, context.Decisions));
    }

    /// <summary>Authorized by the signed token alone (no cookies): it names the approver and the round it is good for.</summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var html = !Negotiation.PrefersJson(request);
        var (context, refusal) = await ResolveAsync(token, html, cancellationToken, repeatable: true);
        if (context is null)
        {
            return refusal!;
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return problem!;
        }
        string? choice, rawComment, rawDelegate;
        using (body)
        {
            string? Field(string name) => body.IsForm ? body.Form!.GetValueOrDefault(name).ToString() : JsonText(body.Json!.RootElement, name);
            (choice, rawComment, rawDelegate) = (Field(Fields.Decision), Field(Fields.Comment), Field(Fields.DelegateTo));
        }

        var errors = new FieldErrors();
        ApprovalDecision? decision = choice?.Trim() switch
        {
            "approve" => ApprovalDecision.Approve,
            "reject" => ApprovalDecision.Reject,
            "changes" when context.Subject.AllowsChanges => ApprovalDecision.RequestChanges,
            "delegate" => ApprovalDecision.Delegate,
            _ => null,
        };
        if (decision is null)
        {
            errors.Add(Fields.Decision, string.IsNullOrWhiteSpace(choice) ? "required" : "invalid-choice",
                context.Subject.AllowsChanges
                    ? "Pilih setujui (\"approve\"), tolak (\"reject\"), minta perubahan (\"changes\") atau serahkan (\"delegate\")."
                    : "Pilih setujui (\"approve\"), tolak (\"reject\") atau serahkan (\"delegate\").");
        }
        var comment = TextRules.Text(errors, Fields.Comment, rawComment, min: 0, max: MaxCommentLength, required: false, multiline: true);
        if (decision is ApprovalDecision.Reject or ApprovalDecision.RequestChanges && comment is null && !errors.Has(Fields.Comment))
        {
            errors.Add(Fields.Comment, decision == ApprovalDecision.Reject ? "required-for-reject" : "required-for-changes",
                decision == ApprovalDecision.Reject ? "Tuliskan alasan penolakan; alasan ini dikirim ke pengaju." : "Tuliskan perubahan yang diminta; catatan ini dikirim ke pengaju.");
        }
        string? delegateTo = null;
        if (decision == ApprovalDecision.Delegate)
        {
            var target = rawDelegate is { Length: > 0 and <= 40 } ? await coordinators.FindByIdAsync(rawDelegate.Trim(), cancellationToken) : null;
            if (target is null || target.Id == context.Link.Actor)
            {
                errors.Add(Fields.DelegateTo, target is null ? "unknown-coordinator" : "self", "Pilih koordinator lain untuk menerima keputusan ini.");
            }
            delegateTo = target?.Id;
        }
        if (!errors.IsEmpty)
        {
            return html
                ? await DecisionPageAsync(context, token, rawComment, rawDelegate, errors, StatusCodes.Status400BadRequest)
                : Problems.Validation(errors);
        }

        if (context.Earlier is { } earlier)
        {
            // A decision is taken once. The same decision sent again while the round is still open may follow a crash
            // that lost its event, so the event is raised again; the answer still says it was already decided.
            if (earlier.Decision == decision && earlier.DelegateTo == delegateTo && context.Subject.InReview(context.Row, context.Link.Round))
            {
                await MarkDecidedAsync(context, earlier, cancellationToken);
                await RaiseDecisionAsync(client, context, earlier, cancellationToken);
            }
            return await AlreadyDecidedAsync(context, earlier, html);
        }
        var result = await reviews.RecordAsync(context.Subject, context.Link.Subject, context.Link.Round, context.Link.Actor, decision!.Value, comment, delegateTo, cancellationToken);
        switch (result)
        {
            case DecisionResult.AlreadyDecided already:
                return await AlreadyDecidedAsync(context, already.Earlier, html);
            case DecisionResult.Closed closed:
                return await ClosedAsync(context with { Row = closed.Row }, html);
        }
        var stored = ((DecisionResult.Recorded)result).Decision;
        await MarkDecidedAsync(context, stored, cancellationToken);
        await RaiseDecisionAsync(client, context, stored, cancellationToken);

        if (!html)
        {
            return ApiResults.Ok(new DecisionRecorded(context.Link.Subject, context.Subject.Type, context.Link.Round, stored.ApproverId, stored.Decision,
                stored.DelegateTo, stored.At, context.Subject.StatusName(context.Row)));
        }
        var what = stored.Decision switch
        {
            ApprovalDecision.Approve => "Anda menyetujui",
            ApprovalDecision.Reject => "Anda menolak",
            ApprovalDecision.RequestChanges => "Anda meminta perubahan atas",
            _ => $"Anda menyerahkan keputusan kepada {(await coordinators.FindByIdAsync(stored.DelegateTo!))?.Name} atas",
        };
        return PageLayout.Render("Keputusan tercatat", $"""
            <h1>Keputusan tercatat</h1>
            <div class="notice ok"><p>{Html.Encode(what)} {Html.Encode(context.Summary.What.ToLowerInvariant())} <strong>{Html.Encode(context.Summary.Title)}</strong> pada {context.Zone.Format(stored.At)}.</p></div>
            <p>Hasil akhirnya mengikuti aturan persetujuan yang berlaku; pengaju menerima email setelah ada hasil.</p>
            """);
    }

    /// <summary>The decision leaves the approver's waiting list for their decided list; the workflow's later steps end the round in the others'.</summary>
    Task MarkDecidedAsync(Context context, StoredDecision stored, CancellationToken cancellationToken) =>
        inbox.DecidedAsync(stored.ApproverId, context.Subject.Type, context.Link.Subject, context.Link.Round, stored.Decision.ToString(), stored.At,
            () => new InboxItem(stored.ApproverId, context.Subject.Type, context.Link.Subject, context.Link.Round, context.Summary.Title, context.Summary.What,
                context.Summary.Brief, context.Summary.RegencyCode, context.Summary.ProvinceCode, context.Link.ExpiresAt, stored.At, InboxState.Decided),
            cancellationToken);

    async Task RaiseDecisionAsync(DurableTaskClient client, Context context, StoredDecision stored, CancellationToken cancellationToken)
    {
        try
        {
            await client.RaiseAsync(context.Link.Subject, ApprovalDecisionEvent.EventFor(context.Link.Round),
                new ApprovalDecisionEvent(stored.ApproverId, stored.Decision, stored.DelegateTo, stored.At.UtcDateTime), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Could not raise the decision event for {SubjectType} {Id}; the workflow reads the decision when its next timer fires", context.Subject.Type, context.Link.Subject);
        }
    }

    /// <summary>
    /// The decision's context, or the answer that refuses it. With <paramref name="repeatable"/> (a POST), an approver
    /// who already decided gets the context with their earlier decision, so that the same decision sent again can
    /// repair a crash that lost its event (a person whose first try met a failure and who tries again).
    /// </summary>
    async Task<(Context?, IResult?)> ResolveAsync(string token, bool html, CancellationToken cancellationToken, bool repeatable = false)
    {
        var check = links.Verify(token, LinkPurpose.Decide);
        if (check.Link is null || !subjects.TryGet(check.Link.SubjectType, out var subject) || check.Problem is not (LinkProblem.None or LinkProblem.Expired))
        {
            return (null, LinkPages.For(check.IsValid ? LinkProblem.Malformed : check.Problem, html));
        }
        var link = check.Link;
        var (row, decisions) = await ReviewStore.ReadAsync(subject, link.Subject, link.Round, cancellationToken);
        if (row is null)
        {
            return (null, check.Problem == LinkProblem.Expired ? LinkPages.For(LinkProblem.Expired, html) : LinkPages.UnknownSubject(html));
        }
        var context = await ContextAsync(subject, row, decisions, link, cancellationToken);
        if ((row.GetInt32("ApprovalRound") ?? 1) > link.Round)
        {
            return (null, LinkPages.Superseded(html));
        }
        if (decisions.FirstOrDefault(d => d.ApproverId == link.Actor) is { } mine)
        {
            return repeatable ? (context with { Earlier = mine }, null) : (null, await AlreadyDecidedAsync(context, mine, html));
        }
        if (!subject.InReview(row, link.Round))
        {
            return (null, await ClosedAsync(context, html));
        }
        if (check.Problem == LinkProblem.Expired)
        {
            return (null, LinkPages.For(LinkProblem.Expired, html));
        }
        return (context, null);
    }

    async Task<Context> ContextAsync(IReviewSubject subject, TableEntity row, IReadOnlyList<StoredDecision> decisions, SignedLink link, CancellationToken cancellationToken)
    {
        var partial = subject.Summarize(row, null);
        var summary = subject.Summarize(row, await regions.FindRegencyAsync(partial.RegencyCode, cancellationToken));
        var approver = await coordinators.FindByIdAsync(link.Actor, cancellationToken);
        var zone = approver is { Level: CoordinatorLevel.National }
            ? IndonesianTimeZone.WIB
            : await regions.ZoneOfAsync(summary.ProvinceCode, cancellationToken);
        return new Context(subject, row, decisions, link, approver, zone, summary);
    }

    static async Task<IResult> AlreadyDecidedAsync(Context context, StoredDecision mine, bool html)
    {
        var verdict = Verdict(mine.Decision);
        if (!html)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "already-decided", "This approver already decided in this round.",
                $"Anda sudah {verdict} pada {context.Zone.Format(mine.At)}.",
                new() { ["decision"] = mine.Decision.ToString(), ["decidedBy"] = mine.ApproverId, ["decidedAt"] = mine.At, ["currentStatus"] = context.Subject.StatusName(context.Row) });
        }
        return PageLayout.Render("Sudah diputuskan", $"""
            <h1>Anda sudah memberi keputusan</h1>
            <div class="notice"><p>Anda sudah {verdict} <strong>{Html.Encode(context.Summary.Title)}</strong> pada {context.Zone.Format(mine.At)}. Tidak ada yang diubah.</p></div>
            """, StatusCodes.Status409Conflict);
    }

    /// <summary>The request no longer waits for this round: decided (409, by whom and when), expired (410) or withdrawn (410).</summary>
    async Task<IResult> ClosedAsync(Context context, bool html)
    {
        var row = context.Row;
        var outcome = row.GetString("ReviewOutcome");
        var title = Html.Encode(context.Summary.Title);
        if (outcome is nameof(ApprovalOutcome.Approved) or nameof(ApprovalOutcome.Rejected) or nameof(ApprovalOutcome.ChangesRequested))
        {
            var decidedBy = row.GetString("DecidedBy");
            var decider = decidedBy is null ? null : await coordinators.FindByIdAsync(decidedBy);
            var who = decider is null ? "koordinator" : $"{decider.Name} ({decider.Title})";
            var when = context.Zone.Format(row.GetDateTimeOffset("DecidedAt") ?? time.GetUtcNow());
            var verdict = outcome switch
            {
                nameof(ApprovalOutcome.Approved) => "disetujui",
                nameof(ApprovalOutcome.Rejected) => "ditolak",
                _ => "dikembalikan untuk diubah",
            };
            if (!html)
            {
                return Problems.Of(StatusCodes.Status409Conflict, "already-decided", "A decision was already taken.",
                    $"Permintaan ini sudah {verdict} oleh {who} pada {when}.",
                    new() { ["decision"] = outcome, ["decidedBy"] = decidedBy, ["decidedByName"] = decider?.Name, ["decidedAt"] = row.GetDateTimeOffset("DecidedAt") });
            }
            return PageLayout.Render("Sudah diputuskan", $"""
                <h1>Sudah diputuskan</h1>
                <div class="notice"><p><strong>{title}</strong> sudah {verdict} oleh {Html.Encode(who)} pada {when}. Tidak ada yang diubah.</p></div>
                """, StatusCodes.Status409Conflict);
        }
        var expired = outcome == "Expired";
        var message = expired
            ? $"Permintaan ini kedaluwarsa pada {context.Zone.Format(row.GetDateTimeOffset("ExpiredAt") ?? time.GetUtcNow())} karena belum ada keputusan sampai batas waktu."
            : $"Permintaan ini tidak lagi menunggu keputusan (status: {context.Subject.StatusName(row)}).";
        return html
            ? PageLayout.Render(expired ? "Permintaan kedaluwarsa" : "Tidak lagi ditinjau",
                $"""<h1>{(expired ? "Permintaan kedaluwarsa" : "Tidak lagi ditinjau")}</h1><div class="notice warn"><p><strong>{title}</strong>: {Html.Encode(message)}</p></div>""",
                StatusCodes.Status410Gone)
            : Problems.Of(StatusCodes.Status410Gone, expired ? "review-expired" : "review-closed", "The request is no longer in review.", message);
    }

    async Task<IResult> DecisionPageAsync(Context context, string token, string? comment, string? delegateTo, FieldErrors errors, int status)
    {
        var details = new StringBuilder();
        foreach (var (label, value) in context.Summary.Details)
        {
            details.Append($"<dt>{Html.Encode(label)}</dt><dd>{Html.Encode(value)}</dd>");
        }
        details.Append($"<dt>Email narahubung</dt><dd>{Html.Encode(context.Summary.ContactEmail)}</dd>");

        var others = new StringBuilder();
        foreach (var d in context.Decisions)
        {
            var who = await coordinators.FindByIdAsync(d.ApproverId);
            others.Append($"<li>{Html.Encode(who?.Name ?? d.ApproverId)}: {Html.Encode(Verdict(d.Decision))} ({context.Zone.Format(d.At)})</li>");
        }
        var delegates = new StringBuilder("<option value=\"\">Pilih koordinator</option>");
        foreach (var c in await coordinators.ListAsync())
        {
            if (c.Id != context.Link.Actor)
            {
                delegates.Append($"<option value=\"{Html.Encode(c.Id)}\"{(c.Id == delegateTo ? " selected" : "")}>{Html.Encode(c.Name)} ({Html.Encode(c.Title)})</option>");
            }
        }
        var labels = new Dictionary<string, string> { [Fields.Decision] = "Keputusan", [Fields.Comment] = "Catatan", [Fields.DelegateTo] = "Serahkan kepada" };
        var role = context.Approver is null ? "koordinator" : $"{context.Approver.Name}, {context.Approver.Title}";
        var deadline = context.Row.GetDateTimeOffset("ApprovalDeadline") is { } d2 ? $"<p>Mohon putuskan sebelum <strong>{context.Zone.Format(d2)}</strong>.</p>" : "";
        var changes = context.Subject.AllowsChanges
            ? $"""<button type="submit" name="{Fields.Decision}" value="changes" class="secondary">Minta perubahan</button>"""
            : "";
        var what = context.Summary.What.ToLowerInvariant();
        return PageLayout.Render($"Putuskan {what}", $"""
            <h1>Putuskan {Html.Encode(what)}</h1>
            <p>Anda memutuskan sebagai <strong>{Html.Encode(role)}</strong>.</p>
            {deadline}
            {FormFields.ErrorSummary(errors, labels)}
            <dl class="details">{details}</dl>
            {(others.Length > 0 ? $"<h2>Keputusan yang sudah masuk</h2><ul>{others}</ul>" : "")}
            <form method="post" action="{Html.Encode(ApiRoutes.Decide.PathFor(token))}">
            {FormFields.Errors(errors, Fields.Decision)}
            {FormFields.TextArea(errors, Fields.Comment, "Catatan untuk pengaju", comment, hint: "Wajib diisi jika menolak atau meminta perubahan. Catatan ini dikirim ke pengaju.", maxLength: MaxCommentLength)}
            <div class="actions">
            <button type="submit" name="{Fields.Decision}" value="approve">Setujui</button>
            {changes}
            <button type="submit" name="{Fields.Decision}" value="reject" class="danger">Tolak</button>
            </div>
            </form>
            <form method="post" action="{Html.Encode(ApiRoutes.Decide.PathFor(token))}">
            <h2>Serahkan keputusan</h2>
            <label for="f-{Fields.DelegateTo}">Serahkan kepada</label>{FormFields.Errors(errors, Fields.DelegateTo)}
            <select id="f-{Fields.DelegateTo}" name="{Fields.DelegateTo}">{delegates}</select>
            <div class="actions"><button type="submit" name="{Fields.Decision}" value="delegate" class="secondary">Serahkan</button></div>
            </form>
            """, status);
    }

    static string Verdict(ApprovalDecision decision) => decision switch
    {
        ApprovalDecision.Approve => "menyetujui",
        ApprovalDecision.Reject => "menolak",
        ApprovalDecision.RequestChanges => "meminta perubahan",
        _ => "menyerahkan keputusan",
    };

    static string? JsonText(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
