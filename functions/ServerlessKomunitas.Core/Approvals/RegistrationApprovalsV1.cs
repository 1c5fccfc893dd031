using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Http;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Pages;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Validation;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Approvals;

/// <summary>
/// Decisions on registrations still run by <see cref="RegistrationOrchestrator"/> (version 1): one approver, the
/// decision stored on the registration row itself. Kept until no version-1 workflow runs; <see cref="ApprovalEndpoints"/>
/// hands such links here. The GET only shows; the POST decides through one ETag-conditional transition.
/// </summary>
public sealed class RegistrationApprovalsV1(
    LinkSigner links,
    RegistrationStore store,
    CoordinatorDirectory coordinators,
    RegionDirectory regions,
    TimeProvider time,
    ILogger<RegistrationApprovalsV1> log)
{
    public const int MaxBodyBytes = 8 * 1024;
    public const int MaxCommentLength = 1000;

    public static class Fields
    {
        public const string Decision = "decision";
        public const string Comment = "comment";
    }

    public sealed record DecisionResult(string Id, RegistrationStatus Status, DateTimeOffset? DecidedAt, string? DecidedBy, string? DecisionComment);

    sealed record Context(Registration Registration, SignedLink Link, Coordinator? Approver, IndonesianTimeZone Zone);

    public async Task<IResult> ShowAsync(HttpRequest request, string token)
    {
        var html = !Negotiation.PrefersJson(request);
        var (context, refusal) = await ResolveAsync(token, html, request.HttpContext.RequestAborted);
        if (context is null)
        {
            return refusal!;
        }
        if (context.Registration.Status != RegistrationStatus.PendingApproval)
        {
            return await ClosedAsync(context, html);
        }
        return html
            ? await DecisionPageAsync(context, token, null, new FieldErrors(), StatusCodes.Status200OK)
            : ApiResults.Ok(Result(context.Registration));
    }

    /// <summary>Authorized by the signed token alone (no cookies): it names the approver and the round it is good for.</summary>
    public async Task<IResult> DecideAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var html = !Negotiation.PrefersJson(request);
        var (context, refusal) = await ResolveAsync(token, html, cancellationToken);
        if (context is null)
        {
            return refusal!;
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return problem!;
        }
        string? choice, rawComment;
        using (body)
        {
            (choice, rawComment) = body.IsForm
                ? (body.Form!.GetValueOrDefault(Fields.Decision).ToString(), body.Form!.GetValueOrDefault(Fields.Comment).ToString())
                : (JsonText(body.Json!.RootElement, Fields.Decision), JsonText(body.Json!.RootElement, Fields.Comment));
        }

        if (context.Registration.Status != RegistrationStatus.PendingApproval)
        {
            return await ClosedAsync(context, html);
        }
        var errors = new FieldErrors();
        RegistrationStatus? decision = choice?.Trim() switch
        {
            "approve" => RegistrationStatus.Approved,
            "reject" => RegistrationStatus.Rejected,
            _ => null,
        };
        if (decision is null)
        {
            errors.Add(Fields.Decision, string.IsNullOrWhiteSpace(choice) ? "required" : "invalid-choice",
                "Pilih setujui (\"approve\") atau tolak (\"reject\").");
        }
        var comment = TextRules.Text(errors, Fields.Comment, rawComment, min: 0, max: MaxCommentLength, required: false, multiline: true);
        if (decision == RegistrationStatus.Rejected && comment is null && !errors.Has(Fields.Comment))
        {
            errors.Add(Fields.Comment, "required-for-reject", "Tuliskan alasan penolakan; alasan ini dikirim ke komunitas.");
        }
        if (!errors.IsEmpty)
        {
            return html
                ? await DecisionPageAsync(context, token, rawComment, errors, StatusCodes.Status400BadRequest)
                : Problems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var (row, changed) = await store.TransitionAsync(context.Registration, r =>
        {
            if (r.Status != RegistrationStatus.PendingApproval || r.ApproverId != context.Link.Actor || r.ApprovalRound != context.Link.Round)
            {
                return false;
            }
            r.Status = decision!.Value;
            r.DecidedAt = now;
            r.DecidedBy = context.Link.Actor;
            r.DecisionComment = comment;
            return true;
        }, cancellationToken);
        context = context with { Registration = row! };
        if (!changed)
        {
            // Somebody decided, or the registration expired, between the page and this POST.
            return await ClosedAsync(context, html);
        }

        await client.RaiseOrLogAsync(context.Registration.Id, ApprovalDecided.Event, new ApprovalDecided(decision!.Value, context.Link.Round), log, cancellationToken);

        if (!html)
        {
            return ApiResults.Ok(Result(context.Registration));
        }
        var r = context.Registration;
        var verdict = decision == RegistrationStatus.Approved ? "disetujui" : "ditolak";
        return PageLayout.Render("Keputusan tercatat", $"""
            <h1>Keputusan tercatat</h1>
            <div class="notice ok"><p>Pendaftaran <strong>{Html.Encode(r.Name)}</strong> {verdict} pada {context.Zone.Format(r.DecidedAt!.Value)}. Komunitas akan menerima email pemberitahuan.</p></div>
            """);
    }

    async Task<(Context?, IResult?)> ResolveAsync(string token, bool html, CancellationToken cancellationToken)
    {
        var check = links.Verify(token, LinkPurpose.Decide);
        if (!check.IsValid)
        {
            if (check.Problem == LinkProblem.Expired && check.Link is { } expired &&
                await store.FindAsync(expired.Subject, cancellationToken) is { Status: RegistrationStatus.Approved or RegistrationStatus.Rejected } decided)
            {
                // An old link to something that was decided: say who decided, rather than only "expired".
                return (null, await ClosedAsync(await ContextAsync(decided, expired, cancellationToken), html));
            }
            return (null, LinkPages.For(check.Problem, html));
        }
        var link = check.Link!;
        var registration = await store.FindAsync(link.Subject, cancellationToken);
        if (registration is null || registration.Status == RegistrationStatus.AwaitingConfirmation)
        {
            return (null, LinkPages.UnknownSubject(html));
        }
        if (registration.ApproverId != link.Actor || registration.ApprovalRound != link.Round)
        {
            return (null, LinkPages.Superseded(html));
        }
        return (await ContextAsync(registration, link, cancellationToken), null);
    }

    async Task<Context> ContextAsync(Registration registration, SignedLink link, CancellationToken cancellationToken)
    {
        var approver = await coordinators.FindByIdAsync(link.Actor, cancellationToken);
        var zone = approver is { Level: CoordinatorLevel.National }
            ? IndonesianTimeZone.WIB
            : (await regions.FindProvinceAsync(registration.ProvinceCode, cancellationToken))?.Zone ?? IndonesianTimeZone.WIB;
        return new Context(registration, link, approver, zone);
    }

    /// <summary>The answer for a registration that is no longer waiting: decided (409, with who and when) or expired (410).</summary>
    async Task<IResult> ClosedAsync(Context context, bool html)
    {
        var r = context.Registration;
        if (r.Status == RegistrationStatus.Expired)
        {
            return html
                ? PageLayout.Render("Pendaftaran kedaluwarsa", $"""<h1>Pendaftaran kedaluwarsa</h1><div class="notice warn"><p>Pendaftaran <strong>{Html.Encode(r.Name)}</strong> kedaluwarsa pada {context.Zone.Format(r.ExpiredAt ?? time.GetUtcNow())} karena belum ada keputusan sampai batas waktu.</p></div>""", StatusCodes.Status410Gone)
                : Problems.Of(StatusCodes.Status410Gone, "registration-expired", "The registration expired before a decision.", "Pendaftaran ini sudah kedaluwarsa.");
        }
        var decider = r.DecidedBy is null ? null : await coordinators.FindByIdAsync(r.DecidedBy);
        var who = decider is null ? "koordinator" : $"{decider.Name} ({decider.Title})";
        var when = context.Zone.Format(r.DecidedAt ?? time.GetUtcNow());
        var verdict = r.Status == RegistrationStatus.Approved ? "disetujui" : "ditolak";
        if (!html)
        {
            return Problems.Of(StatusCodes.Status409Conflict, "already-decided", "A decision was already taken.",
                $"Pendaftaran ini sudah {verdict} oleh {who} pada {when}.",
                new() { ["decision"] = r.StatusName, ["decidedBy"] = r.DecidedBy, ["decidedByName"] = decider?.Name, ["decidedAt"] = r.DecidedAt });
        }
        return PageLayout.Render("Sudah diputuskan", $"""
            <h1>Sudah diputuskan</h1>
            <div class="notice"><p>Pendaftaran <strong>{Html.Encode(r.Name)}</strong> sudah {verdict} oleh {Html.Encode(who)} pada {when}. Tidak ada yang diubah.</p></div>
            """, StatusCodes.Status409Conflict);
    }

    async Task<IResult> DecisionPageAsync(Context context, string token, string? comment, FieldErrors errors, int status)
    {
        var r = context.Registration;
        var regency = (await regions.FindRegencyAsync(r.RegencyCode))?.Name ?? r.RegencyCode;
        var details = new StringBuilder();
        foreach (var (label, value) in RegistrationEmails.Details(r, regency))
        {
            details.Append($"<dt>{Html.Encode(label)}</dt><dd>{Html.Encode(value)}</dd>");
        }
        details.Append($"<dt>Email narahubung</dt><dd>{Html.Encode(r.Email)}</dd>");
        details.Append($"<dt>Telepon</dt><dd>{Html.Encode(r.Phone)}</dd>");
        if (r.Links.Count > 0)
        {
            details.Append($"<dt>Tautan</dt><dd>{string.Join("<br>", r.Links.Select(l => Html.Encode(l)))}</dd>");
        }
        if (!string.IsNullOrEmpty(r.Description))
        {
            details.Append($"<dt>Deskripsi</dt><dd>{Html.Paragraphs(r.Description)}</dd>");
        }
        var labels = new Dictionary<string, string> { [Fields.Decision] = "Keputusan", [Fields.Comment] = "Catatan" };
        var role = context.Approver is null ? "koordinator" : $"{context.Approver.Name}, {context.Approver.Title}";
        var deadline = r.ApprovalDeadline is { } d ? $"<p>Mohon putuskan sebelum <strong>{context.Zone.Format(d)}</strong>.</p>" : "";
        return PageLayout.Render("Putuskan pendaftaran", $"""
            <h1>Putuskan pendaftaran komunitas</h1>
            <p>Anda memutuskan sebagai <strong>{Html.Encode(role)}</strong>.</p>
            {deadline}
            {FormFields.ErrorSummary(errors, labels)}
            <dl class="details">{details}</dl>
            <form method="post" action="{Html.Encode(ApiRoutes.Decide.PathFor(token))}">
            {FormFields.Errors(errors, Fields.Decision)}
            {FormFields.TextArea(errors, Fields.Comment, "Catatan untuk komunitas", comment, hint: "Wajib diisi jika menolak. Catatan ini dikirim ke komunitas.", maxLength: MaxCommentLength)}
            <div class="actions">
            <button type="submit" name="{Fields.Decision}" value="approve">Setujui pendaftaran</button>
            <button type="submit" name="{Fields.Decision}" value="reject" class="danger">Tolak pendaftaran</button>
            </div>
            </form>
            """, status);
    }

    static DecisionResult Result(Registration r) => new(r.Id, r.Status, r.DecidedAt, r.DecidedBy, r.DecisionComment);

    static string? JsonText(JsonElement root, string property) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
