using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Operations;

/// <summary>
/// What operators manage: approval policies, network coordinators, and the weekly creative challenges. These routes are for operators only:
/// in Azure the function key (AuthorizationLevel.Function), locally the admin key, in the x-functions-key header.
/// </summary>
public sealed class OperatorEndpoints(PolicyStore policies, CoordinatorDirectory coordinators, Engagement.ChallengeStore challenges)
{
    public const int MaxBodyBytes = 16 * 1024;
    const int MaxApprovers = 10;

    public sealed record PolicyBody(ApprovalRule? Rule, int? Quorum, List<ApproverSpec>? Approvers);

    public sealed record CoordinatorBody(string? Title, string? Name, string? Email, string? Phone = null);

    public sealed record CoordinatorView(string Id, CoordinatorLevel Level, string RegionCode, string Title, string Name, string Email, string? Phone);

    public sealed record ChallengeBody(string? Title, string? Brief);

    public sealed record ChallengeView(string Week, string Subsector, string Title, string Brief);

    /// <summary>Sets a week's challenge for one subsector (a network coordinator adds next week's); "default" sets the standing one.</summary>
    public async Task<IResult> PutChallengeAsync(HttpRequest request, string week, string subsector)
    {
        var errors = new FieldErrors();
        if (!Engagement.ChallengeStore.IsWeek(week))
        {
            errors.Add("week", "invalid-week", "Minggu ditulis sebagai ISO week, misalnya 2026-W49, atau \"default\".");
        }
        if (!Registrations.Subsectors.IsKnown(subsector))
        {
            errors.Add("subsector", "unknown-subsector", "Subsektor tidak dikenal.");
        }
        var (body, problem) = await ReadAsync<ChallengeBody>(request);
        if (body is null)
        {
            return problem!;
        }
        var title = TextRules.Text(errors, "title", body.Title, 3, 120, required: true);
        var brief = TextRules.Text(errors, "brief", body.Brief, 10, 600, required: true, multiline: true);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        await challenges.SaveAsync(week, new Engagement.Challenge(subsector, title!, brief!), request.HttpContext.RequestAborted);
        return ApiResults.Ok(new ChallengeView(week, subsector, title!, brief!));
    }

    public async Task<IResult> ListPoliciesAsync(HttpRequest request) =>
        ApiResults.Ok(await policies.ListAsync(request.HttpContext.RequestAborted));

    public async Task<IResult> PutPolicyAsync(HttpRequest request, string kind, string scope)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var errors = new FieldErrors();
        if (!System.Text.RegularExpressions.Regex.IsMatch(kind, "^[a-z][a-z0-9-]{1,60}$"))
        {
            errors.Add("kind", "invalid-kind", "Jenis permintaan: huruf kecil, angka dan tanda hubung, misalnya proposal-workshop.");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(scope, @"^(national|province-\d{2}|regency-\d{2}\.\d{2})$"))
        {
            errors.Add("scope", "invalid-scope", "Cakupan: national, province-35 atau regency-35.73.");
        }
        var (body, problem) = await ReadAsync<PolicyBody>(request);
        if (body is null)
        {
            return problem!;
        }
        if (body.Rule is null)
        {
            errors.Add("rule", "required", "Pilih aturan: AnyOf, AllOf atau Quorum.");
        }
        var approvers = body.Approvers ?? [];
        if (approvers.Count is 0 or > MaxApprovers)
        {
            errors.Add("approvers", approvers.Count == 0 ? "required" : "too-many", $"Tulis 1 sampai {MaxApprovers} penyetuju.");
        }
        foreach (var approver in approvers)
        {
            var known = approver.Approver is PolicyStore.RegencyRole or PolicyStore.ProvinceRole or PolicyStore.NationalRole
                || (approver.Approver is { Length: <= 40 } && await coordinators.FindByIdAsync(approver.Approver, cancellationToken) is not null);
            if (!known)
            {
                errors.Add("approvers", "unknown-approver", $"Penyetuju \"{approver.Approver}\" tidak dikenal: pakai @regency, @province, @national atau id koordinator.");
            }
        }
        if (body.Rule == ApprovalRule.Quorum && (body.Quorum is null || body.Quorum < 1 || body.Quorum > approvers.Count))
        {
            errors.Add("quorum", "out-of-range", "Kuorum harus antara 1 dan jumlah penyetuju.");
        }
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        var policy = new PolicyDefinition(kind, scope, body.Rule!.Value, body.Quorum ?? 1, approvers);
        await policies.SaveAsync(policy, cancellationToken);
        return ApiResults.Ok(policy);
    }

    public async Task<IResult> DeletePolicyAsync(HttpRequest request, string kind, string scope)
    {
        if (!TableKey.IsValid(kind) || !TableKey.IsValid(scope) || await policies.FindAsync(kind, scope, request.HttpContext.RequestAborted) is null)
        {
            return Problems.NotFound("policy");
        }
        await policies.DeleteAsync(kind, scope, request.HttpContext.RequestAborted);
        return Results.NoContent();
    }

    public async Task<IResult> ListCoordinatorsAsync(HttpRequest request) =>
        ApiResults.Ok((await coordinators.ListAsync(request.HttpContext.RequestAborted)).Select(View));

    public async Task<IResult> PutCoordinatorAsync(HttpRequest request, string id)
    {
        var errors = new FieldErrors();
        if (!Coordinator.TryParseId(id, out var level, out var region) || level.ToString().ToLowerInvariant() + "-" + region != id)
        {
            errors.Add("id", "invalid-id", "Id koordinator: national-ID, province-35 atau regency-35.73.");
        }
        var (body, problem) = await ReadAsync<CoordinatorBody>(request);
        if (body is null)
        {
            return problem!;
        }
        var title = TextRules.Text(errors, "title", body.Title, 3, 120, required: true);
        var name = TextRules.Text(errors, "name", body.Name, 2, 100, required: true);
        var email = EmailAddress.Normalize(body.Email);
        if (email is null)
        {
            errors.Add("email", "invalid-email", "Alamat email tidak valid.");
        }
        var phone = string.IsNullOrWhiteSpace(body.Phone) ? null : IndonesianPhoneNumber.Validate(errors, "phone", body.Phone);
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        var coordinator = new Coordinator(level, region, title!, name!, email!, phone);
        await coordinators.SaveAsync(coordinator, request.HttpContext.RequestAborted);
        return ApiResults.Ok(View(coordinator));
    }

    static CoordinatorView View(Coordinator c) => new(c.Id, c.Level, c.RegionCode, c.Title, c.Name, c.Email, c.Phone);

    static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes, allowForm: false);
        if (body is null)
        {
            return (null, problem);
        }
        using (body)
        {
            try
            {
                return (body.Json!.RootElement.Deserialize<T>(ApiJson.Options), null);
            }
            catch (JsonException)
            {
                return (null, Problems.Validation(new FieldErrors().Add("body", "type", "Isi permintaan tidak sesuai bentuknya.")));
            }
        }
    }
}
