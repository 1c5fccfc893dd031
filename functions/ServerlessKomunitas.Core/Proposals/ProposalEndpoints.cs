using ServerlessKomunitas.Abuse;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Proposals;

/// <summary>
/// The proposal routes. Anyone may submit (rate limits and a honeypot guard the form), but nothing is reviewed
/// until the community's contact confirms from an email; every later act of the proposer (confirm, edit,
/// withdraw, confirm the event) is authorized by a signed link sent to that contact, never by a cookie. Each
/// act is one ETag-conditional transition; a transition that makes no sense is a 409 that says why.
/// </summary>
public sealed class ProposalEndpoints(
    ProposalValidator validator,
    ProposalIntake intake,
    ProposalStore store,
    ProposalReviewSubject subject,
    AuditLog audit,
    CoordinatorDirectory coordinators,
    RegionDirectory regions,
    LinkSigner links,
    IOptions<RateLimitOptions> limits,
    TimeProvider time,
    ILogger<ProposalEndpoints> log,
    Abuse.FormTiming formTiming)
{
    public const int MaxBodyBytes = 32 * 1024;

    public sealed record Receipt(string Id, ProposalStatus Status, string StatusUrl, bool Duplicate);

    public sealed record DecisionView(int Round, string ApproverId, string? ApproverName, ApprovalDecision Decision, string? Comment, DateTimeOffset At);

    public sealed record HistoryView(string Action, string Actor, DateTimeOffset At, string? Comment);

    public sealed record StatusView(string Id, ProposalStatus Status, string Title, string Kind, string CommunityId, string RegencyCode, IndonesianTimeZone Zone,
        DateTimeOffset Start, DateTimeOffset End, int Round, IReadOnlyList<string> AwaitingFrom, IReadOnlyList<DecisionView> Decisions, IReadOnlyList<HistoryView> History);

    public sealed record ActionResult(string Id, ProposalStatus Status);

    public static string StatusUrl(string id) => ApiRoutes.ProposalStatus.PathFor(id);

    public async Task<IResult> FormAsync(HttpRequest request) =>
        ProposalPages.Form(await regions.ProvincesAsync(request.HttpContext.RequestAborted),
            new ProposalInput { CommunityId = request.Query["community"].ToString() }, new FieldErrors(), ApiRoutes.SubmitProposal.Path, null, formTiming.Stamp());

    public async Task<IResult> SubmitAsync(HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var browser = RequestBody.IsFormPost(request) && Negotiation.PrefersHtml(request);
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return browser ? await FormAgainAsync(new ProposalInput(), new FieldErrors().Add("body", "too-large", "Isian terlalu panjang."), ApiRoutes.SubmitProposal.Path, null, StatusCodes.Status413PayloadTooLarge, cancellationToken) : problem!;
        }
        using (body)
        {
            var input = body.IsForm ? ProposalInput.FromForm(body.Form!) : ProposalInput.FromJson(body.Json!.RootElement);
            formTiming.Check(body, input.TypeErrors);
            var key = IdempotencyKeys.Read(request, input.TypeErrors);
            var (proposal, errors) = await validator.ValidateAsync(input, cancellationToken: cancellationToken);
            if (proposal is null)
            {
                return browser ? await FormAgainAsync(input, errors, ApiRoutes.SubmitProposal.Path, null, StatusCodes.Status400BadRequest, cancellationToken) : Problems.Validation(errors);
            }
            var outcome = await intake.SubmitAsync(proposal, key, ClientAddress.HashOf(request, limits.Value), client, cancellationToken);
            return await outcome.AnswerAsync(browser, (errors, status) => FormAgainAsync(input, errors, ApiRoutes.SubmitProposal.Path, null, status, cancellationToken),
                accepted => new SeeOther(StatusUrl(accepted.Id)),
                (accepted, duplicate) => ApiResults.Accepted(StatusUrl(accepted.Id), new Receipt(accepted.Id, accepted.Status, StatusUrl(accepted.Id), duplicate)));
        }
    }

    public async Task<IResult> StatusAsync(HttpRequest request, string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var p = await store.FindAsync(id, cancellationToken);
        var html = Negotiation.PrefersHtml(request);
        if (p is null)
        {
            return html
                ? Pages.PageLayout.Render("Tidak ditemukan", "<h1>Usulan tidak ditemukan</h1><p>Periksa kembali alamat halaman ini.</p>", StatusCodes.Status404NotFound)
                : Problems.NotFound("proposal");
        }
        var decisions = await ReviewStore.AllDecisionsAsync(subject, id, cancellationToken);
        var history = await audit.ForSubjectAsync(id, cancellationToken);
        var awaiting = await AwaitingAsync(p, decisions, history);
        var names = new Dictionary<string, string?>();
        async Task<string?> NameOf(string actor) =>
            names.TryGetValue(actor, out var known) ? known : names[actor] = (await coordinators.FindByIdAsync(actor, cancellationToken))?.Name;

        var decisionViews = new List<DecisionView>();
        foreach (var (round, d) in decisions)
        {
            decisionViews.Add(new DecisionView(round, d.ApproverId, await NameOf(d.ApproverId), d.Decision, d.Comment, d.At));
        }
        if (!html)
        {
            return ApiResults.Ok(new StatusView(p.Id, p.Status, p.Title, p.Kind, p.CommunityId, p.RegencyCode, p.TimeZone, p.StartUtc, p.EndUtc, p.ApprovalRound,
                awaiting.Select(a => a.Value).ToList(), decisionViews,
                history.Select(h => new HistoryView(h.Action, h.Actor, h.At, h.Comment)).ToList()));
        }
        var historyRows = new List<(string, string, DateTimeOffset)>();
        foreach (var h in history)
        {
            historyRows.Add((ActionName(h.Action), await NameOf(h.Actor) ?? ActorName(h.Actor), h.At));
        }
        return ProposalPages.Status(p, await regions.RegencyNameAsync(p.RegencyCode, cancellationToken),
            awaiting, decisionViews.Select(d => (d.Round, d.ApproverName ?? d.ApproverId, ActionName(ReviewAudit.ActionOf(d.Decision)), d.Comment, d.At)).ToList(), historyRows);
    }

    public async Task<IResult> ShowConfirmAsync(HttpRequest request, string token)
    {
        var (p, refusal) = await ResolveAsync(request, token, LinkPurpose.Confirm);
        return p is null ? refusal! : p.Status == ProposalStatus.AwaitingConfirmation
            ? ProposalPages.Action("Konfirmasi usulan kegiatan", $"Komunitas {p.CommunityName} mengusulkan \"{p.Title}\" ({ProposalEmails.When(p)}). Konfirmasi bahwa usulan ini memang dari komunitas Anda.",
                ApiRoutes.ConfirmProposal.PathFor(token), "Ya, usulan ini dari komunitas kami")
            : Answer(request, p, "Usulan sudah dikonfirmasi", "Usulan ini sudah dikonfirmasi sebelumnya. Tidak ada yang perlu Anda lakukan.");
    }

    /// <summary>Authorized by the signed link sent to the community's contact (no cookies).</summary>
    public async Task<IResult> ConfirmAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (current, refusal) = await ResolveAsync(request, token, LinkPurpose.Confirm);
        if (current is null)
        {
            return refusal!;
        }
        var now = time.GetUtcNow();
        var (p, changed) = await store.TransitionAsync(current, r => ProposalTransitions.Confirm(r, now));
        // Audited and raised again on a repeated POST while no reviewer was asked yet: that repairs a crash right after the
        // transition (found by crash injection: the contact's second try said "already confirmed" and the workflow slept on).
        if (changed || (p!.Status == ProposalStatus.InReview && p.ApprovalRound == 1 && p.ReviewStartedAt is null))
        {
            await audit.RecordAsync(Entry(p!, "Confirmed", 1, ProposalLinks.Contact, p!.ConfirmedAt ?? now, nameof(ProposalStatus.AwaitingConfirmation)));
            await client.RaiseOrLogAsync(p!.Id, ProposalConfirmed.Event, new ProposalConfirmed(), log);
            return Answer(request, p, "Usulan terkonfirmasi", "Terima kasih. Usulan kini ditinjau koordinator; hasilnya kami kirim lewat email.");
        }
        return p!.Status switch
        {
            ProposalStatus.Expired => Refuse(request, p, StatusCodes.Status410Gone, "Usulan ini sudah kedaluwarsa karena tidak dikonfirmasi tepat waktu."),
            ProposalStatus.Withdrawn or ProposalStatus.Cancelled => Refuse(request, p, StatusCodes.Status409Conflict, "Usulan ini sudah ditarik."),
            _ => Answer(request, p, "Usulan sudah dikonfirmasi", "Usulan ini sudah dikonfirmasi sebelumnya. Tidak ada yang perlu Anda lakukan."),
        };
    }

    public async Task<IResult> ShowEditAsync(HttpRequest request, string token)
    {
        var (p, refusal) = await ResolveAsync(request, token, LinkPurpose.Edit);
        if (p is null)
        {
            return refusal!;
        }
        var link = links.Verify(token, LinkPurpose.Edit).Link!;
        if (NotEditable(request, p, link.Round) is { } notNow)
        {
            return notNow;
        }
        return ProposalPages.Form(await regions.ProvincesAsync(request.HttpContext.RequestAborted), ProposalInput.From(p), new FieldErrors(), ApiRoutes.EditProposal.PathFor(token), p.CommunityName, formTiming.Stamp());
    }

    /// <summary>Authorized by the signed edit link of the round whose changes were requested (no cookies).</summary>
    public async Task<IResult> EditAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (current, refusal) = await ResolveAsync(request, token, LinkPurpose.Edit);
        if (current is null)
        {
            return refusal!;
        }
        var round = links.Verify(token, LinkPurpose.Edit).Link!.Round;
        if (NotEditable(request, current, round) is { } notNow)
        {
            return notNow;
        }
        var browser = RequestBody.IsFormPost(request) && Negotiation.PrefersHtml(request);
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return problem!;
        }
        ProposalInput input;
        using (body)
        {
            input = body.IsForm ? ProposalInput.FromForm(body.Form!) : ProposalInput.FromJson(body.Json!.RootElement);
            formTiming.Check(body, input.TypeErrors);
        }
        var (edited, errors) = await validator.ValidateAsync(input, current, cancellationToken);
        if (edited is null)
        {
            return browser ? await FormAgainAsync(input, errors, ApiRoutes.EditProposal.PathFor(token), current.CommunityName, StatusCodes.Status400BadRequest, cancellationToken) : Problems.Validation(errors);
        }
        var now = time.GetUtcNow();
        var (p, changed) = await store.TransitionAsync(current, r => ProposalTransitions.Resubmit(r, round, edited));
        if (!changed)
        {
            return NotEditable(request, p!, round) ?? Refuse(request, p!, StatusCodes.Status409Conflict, "Usulan ini tidak sedang menunggu perbaikan.");
        }
        await audit.RecordAsync(Entry(p!, "Edited", round + 1, ProposalLinks.Contact, now, nameof(ProposalStatus.ChangesRequested)));
        await client.RaiseOrLogAsync(p!.Id, ProposalEdited.EventFor(round + 1), new ProposalEdited(round + 1), log);
        return Answer(request, p, "Perbaikan terkirim", "Terima kasih. Usulan yang sudah diperbaiki kini ditinjau lagi.");
    }

    public async Task<IResult> ShowWithdrawAsync(HttpRequest request, string token)
    {
        var (p, refusal) = await ResolveAsync(request, token, LinkPurpose.Withdraw);
        if (p is null)
        {
            return refusal!;
        }
        return CannotWithdraw(request, p) ?? ProposalPages.Action(p.Status == ProposalStatus.Confirmed ? "Batalkan kegiatan" : "Tarik usulan",
            $"\"{p.Title}\" ({ProposalEmails.When(p)}) akan {(p.Status == ProposalStatus.Confirmed ? "dibatalkan dan hilang dari kalender" : "ditarik dan tidak ditinjau lagi")}.",
            ApiRoutes.WithdrawProposal.PathFor(token), p.Status == ProposalStatus.Confirmed ? "Batalkan kegiatan" : "Tarik usulan", danger: true);
    }

    /// <summary>Authorized by the signed withdraw link sent to the community's contact (no cookies).</summary>
    public async Task<IResult> WithdrawAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (current, refusal) = await ResolveAsync(request, token, LinkPurpose.Withdraw);
        if (current is null)
        {
            return refusal!;
        }
        var now = time.GetUtcNow();
        var from = current.StatusName;
        var (p, changed) = await store.TransitionAsync(current, r =>
        {
            // The status it left, as the row stood when the change applied (read only when it did).
            from = r.StatusName;
            return ProposalTransitions.WithdrawOrCancel(r, now);
        });
        if (!changed)
        {
            return CannotWithdraw(request, p!) ?? Refuse(request, p!, StatusCodes.Status409Conflict, "Usulan ini tidak dapat ditarik lagi.");
        }
        await audit.RecordAsync(Entry(p!, p!.Status == ProposalStatus.Cancelled ? "Cancelled" : "Withdrawn", p.ApprovalRound, ProposalLinks.Contact, now, from));
        await client.RaiseOrLogAsync(p.Id, ProposalWithdrawn.Event, new ProposalWithdrawn(), log);
        return p.Status == ProposalStatus.Cancelled
            ? Answer(request, p, "Kegiatan dibatalkan", "Kegiatan dibatalkan dan tidak lagi tampil di kalender.")
            : Answer(request, p, "Usulan ditarik", "Usulan ditarik dan tidak ditinjau lagi.");
    }

    public async Task<IResult> ShowConfirmEventAsync(HttpRequest request, string token)
    {
        var (p, refusal) = await ResolveAsync(request, token, LinkPurpose.ConfirmEvent);
        if (p is null)
        {
            return refusal!;
        }
        return p.Status switch
        {
            ProposalStatus.Approved => ProposalPages.Action("Konfirmasi kegiatan", $"Pastikan \"{p.Title}\" ({ProposalEmails.When(p)}) benar-benar terlaksana. Setelah dikonfirmasi, kegiatan tampil di kalender publik.",
                ApiRoutes.ConfirmEvent.PathFor(token), "Ya, kegiatan ini terlaksana"),
            ProposalStatus.Confirmed => Answer(request, p, "Kegiatan sudah dikonfirmasi", "Kegiatan ini sudah dikonfirmasi dan tampil di kalender."),
            _ => NotConfirmable(request, p),
        };
    }

    /// <summary>Authorized by the signed link sent to the community's contact with the approval (no cookies).</summary>
    public async Task<IResult> ConfirmEventAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (current, refusal) = await ResolveAsync(request, token, LinkPurpose.ConfirmEvent);
        if (current is null)
        {
            return refusal!;
        }
        var now = time.GetUtcNow();
        var (p, changed) = await store.TransitionAsync(current, r => ProposalTransitions.ConfirmEvent(r, now));
        if (changed)
        {
            await audit.RecordAsync(Entry(p!, "EventConfirmed", p!.ApprovalRound, ProposalLinks.Contact, now, nameof(ProposalStatus.Approved)));
            await client.RaiseOrLogAsync(p.Id, EventConfirmed.Event, new EventConfirmed(), log);
            return Answer(request, p, "Kegiatan terkonfirmasi", "Terima kasih. Kegiatan kini tampil di kalender publik.");
        }
        if (p!.Status != ProposalStatus.Confirmed)
        {
            return NotConfirmable(request, p);
        }
        // Audited and raised again: a crash right after the transition would otherwise leave the workflow waiting for
        // an event nobody sends (the entry is written once, and a workflow that already heard it ignores it).
        await audit.RecordAsync(Entry(p, "EventConfirmed", p.ApprovalRound, ProposalLinks.Contact, p.EventConfirmedAt ?? now, nameof(ProposalStatus.Approved)));
        await client.RaiseOrLogAsync(p.Id, EventConfirmed.Event, new EventConfirmed(), log);
        return Answer(request, p, "Kegiatan sudah dikonfirmasi", "Kegiatan ini sudah dikonfirmasi dan tampil di kalender.");
    }

    static IResult NotConfirmable(HttpRequest request, Proposal p) => p.Status == ProposalStatus.Expired
        ? Refuse(request, p, StatusCodes.Status410Gone, "Kegiatan ini sudah kedaluwarsa karena tidak dikonfirmasi tepat waktu.")
        : Refuse(request, p, StatusCodes.Status409Conflict, $"Kegiatan hanya dapat dikonfirmasi setelah disetujui; statusnya kini: {ProposalPages.StatusName(p.Status)}.");

    static IResult? NotEditable(HttpRequest request, Proposal p, int round) =>
        p.Status == ProposalStatus.ChangesRequested && p.ApprovalRound == round
            ? null
            : p.ApprovalRound > round
                ? Refuse(request, p, StatusCodes.Status409Conflict, "Perbaikan untuk putaran ini sudah dikirim. Tautan ini tidak berlaku lagi.")
                : Refuse(request, p, StatusCodes.Status409Conflict, $"Usulan hanya dapat diubah saat koordinator meminta perubahan; statusnya kini: {ProposalPages.StatusName(p.Status)}.");

    IResult? CannotWithdraw(HttpRequest request, Proposal p) =>
        !p.IsOpen
            ? Refuse(request, p, StatusCodes.Status409Conflict, $"Usulan ini sudah selesai ({ProposalPages.StatusName(p.Status)}); tidak ada yang dapat ditarik.")
            : p.Status == ProposalStatus.Confirmed && p.StartUtc <= time.GetUtcNow()
                ? Refuse(request, p, StatusCodes.Status409Conflict, "Kegiatan sudah dimulai dan tidak dapat dibatalkan lagi.")
                : null;

    async Task<(Proposal?, IResult?)> ResolveAsync(HttpRequest request, string token, LinkPurpose purpose)
    {
        var html = !Negotiation.PrefersJson(request);
        var check = links.Verify(token, purpose);
        if (check.Link is { SubjectType: not ProposalLinks.SubjectType })
        {
            return (null, LinkPages.For(LinkProblem.WrongPurpose, html));
        }
        if (!check.IsValid)
        {
            return (null, LinkPages.For(check.Problem, html));
        }
        var p = await store.FindAsync(check.Link!.Subject, request.HttpContext.RequestAborted);
        return p is null ? (null, LinkPages.UnknownSubject(html)) : (p, null);
    }

    async Task<IReadOnlyList<(string Label, string Value)>> AwaitingAsync(Proposal p, IReadOnlyList<(int Round, StoredDecision Decision)> decisions, IReadOnlyList<AuditEntry> history)
    {
        switch (p.Status)
        {
            case ProposalStatus.AwaitingConfirmation:
                return [("Narahubung komunitas", "konfirmasi usulan")];
            case ProposalStatus.ChangesRequested:
                return [("Pengusul", "perbaikan usulan")];
            case ProposalStatus.Approved:
                return [("Pengusul", "konfirmasi kegiatan terlaksana")];
            case ProposalStatus.InReview:
                var asked = history.Where(h => h.Round == p.ApprovalRound && h.Action is "ApprovalRequested" or "Escalated" or "DelegationReceived").Select(h => h.Actor);
                var answered = decisions.Where(d => d.Round == p.ApprovalRound).Select(d => d.Decision.ApproverId).ToHashSet();
                var pending = new List<(string, string)>();
                foreach (var id in asked.Distinct().Where(id => !answered.Contains(id)))
                {
                    var who = await coordinators.FindByIdAsync(id);
                    pending.Add(("Koordinator", who is null ? id : $"{who.Name} ({who.Title})"));
                }
                return pending;
            default:
                return [];
        }
    }


    static AuditEntry Entry(Proposal p, string action, int round, string actor, DateTimeOffset at, string from) =>
        new(p.Id, action, round, actor, at, from, p.StatusName, null, "proposal-links", p.Id);

    static IResult Answer(HttpRequest request, Proposal p, string title, string message) =>
        Negotiation.PrefersJson(request) ? ApiResults.Ok(new ActionResult(p.Id, p.Status)) : ProposalPages.Done(title, message, StatusUrl(p.Id));

    static IResult Refuse(HttpRequest request, Proposal p, int status, string reason) =>
        Negotiation.PrefersJson(request)
            ? Problems.Of(status, status == StatusCodes.Status410Gone ? "proposal-expired" : "invalid-transition",
                "That is not possible in the proposal's current state.", reason, new() { ["currentStatus"] = p.StatusName })
            : ProposalPages.Done("Tidak dapat dilakukan", reason, StatusUrl(p.Id), status);

    async Task<IResult> FormAgainAsync(ProposalInput input, FieldErrors errors, string action, string? communityName, int status, CancellationToken cancellationToken) =>
        ProposalPages.Form(await regions.ProvincesAsync(cancellationToken), input, errors, action, communityName, formTiming.Stamp(), status);

    static string ActorName(string actor) => actor switch
    {
        ProposalLinks.Contact => "narahubung komunitas",
        "proposer" => "pengusul",
        _ => "sistem",
    };

    static string ActionName(string action) => action switch
    {
        "Submitted" => "diusulkan",
        "Confirmed" => "dikonfirmasi narahubung",
        "ReviewStarted" => "peninjauan dimulai",
        "ApprovalRequested" => "diminta memutuskan",
        "ApprovalReminded" => "diingatkan",
        "Escalated" => "diteruskan ke tingkat atas",
        "DelegationReceived" => "menerima penyerahan keputusan",
        "Delegated" => "menyerahkan keputusan",
        "Approved" => "menyetujui",
        "Rejected" => "menolak",
        "ChangesRequested" => "meminta perubahan",
        "ReviewApproved" => "usulan disetujui",
        "ReviewRejected" => "usulan ditolak",
        "ReviewChangesRequested" => "perubahan diminta",
        "ReviewExpired" => "peninjauan kedaluwarsa",
        "Edited" => "perbaikan dikirim",
        "Withdrawn" => "usulan ditarik",
        "Cancelled" => "kegiatan dibatalkan",
        "EventConfirmed" => "kegiatan dikonfirmasi",
        "EventConfirmationReminded" => "diingatkan untuk konfirmasi kegiatan",
        "EventConfirmationExpired" => "konfirmasi kegiatan kedaluwarsa",
        "ConfirmationExpired" => "konfirmasi email kedaluwarsa",
        "ChangesExpired" => "batas waktu perbaikan lewat",
        "Listed" => "tampil di kalender kegiatan",
        "Unlisted" => "dihapus dari kalender kegiatan",
        // An action added later without a name here still reads as Indonesian.
        _ => "status diperbarui",
    };
}
