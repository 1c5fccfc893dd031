using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Inbox;

/// <summary>
/// A coordinator's inbox: everything awaiting their decision, oldest deadline first, filtered by kind, province and
/// kab/kota and paged, each item opening the same decision page as the email link; then what they decided in the last 30 days. A GET
/// that changes nothing and sets no cookie: the signed link in <c>?k=</c> is the only credential.
/// </summary>
public sealed class InboxEndpoints(InboxLinks inboxLinks, ApprovalInbox inbox, LinkSigner links, CoordinatorDirectory coordinators, RegionDirectory regions,
    IEnumerable<IInboxSection> sections, IOptions<InboxOptions> options, TimeProvider time)
{
    public static readonly TimeSpan DecidedWindow = TimeSpan.FromDays(30);

    public static class Fields
    {
        public const string Kind = "kind";
        public const string Province = "province";
        public const string Regency = "regency";
        public const string Page = "page";
    }

    /// <summary>The kinds of request an inbox holds, by the subject type links and workflows name them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SignedLink.Registration] = "Pendaftaran komunitas",
        ["proposal"] = "Usulan kegiatan",
    };

    public sealed record OtherApprover(string Id, string Name, string Title, InboxState State, string? Decision);

    /// <summary>A request awaiting the coordinator, with the round's rule: <see cref="Needed"/> approvals count under <see cref="ApprovalRule.Quorum"/>.</summary>
    public sealed record WaitingItem(string SubjectType, string SubjectId, int Round, string Title, string What, string Brief, string RegencyCode, string RegencyName,
        string ProvinceCode, DateTimeOffset Deadline, string LocalDeadline, string DecisionUrl, ApprovalRule Rule, int Needed, IReadOnlyList<OtherApprover> Others);

    /// <summary>The filters as asked; null where a filter is not set.</summary>
    public sealed record InboxFilter(string? Kind, string? Province, string? Regency)
    {
        public bool Accepts(InboxItem item) =>
            (Kind is null || item.SubjectType == Kind) && (Province is null || item.ProvinceCode == Province) && (Regency is null || item.RegencyCode == Regency);
    }

    public sealed record DecidedItem(string SubjectType, string SubjectId, int Round, string Title, string What, string Decision, DateTimeOffset DecidedAt, string LocalDecidedAt);

    public sealed record InboxView(string CoordinatorId, string Name, string Title, IndonesianTimeZone Zone, int Waiting, int Page, int Pages,
        IReadOnlyList<WaitingItem> Items, IReadOnlyList<DecidedItem> Decided);

    public async Task<IResult> ShowAsync(HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var (coordinator, token, refusal) = await inboxLinks.ResolveAsync(request);
        if (coordinator is null)
        {
            return refusal!;
        }
        var errors = new FieldErrors();
        var kind = Choice(errors, request, Fields.Kind, k => Kinds.ContainsKey(k), "Pilih jenis permintaan yang ada.");
        var province = Choice(errors, request, Fields.Province, p => p.Length == 2 && p.All(char.IsAsciiDigit), "Pilih provinsi dari daftar.");
        var regency = Choice(errors, request, Fields.Regency, r => r.Length == 5 && r[2] == '.' && r.Remove(2, 1).All(char.IsAsciiDigit), "Pilih kabupaten/kota dari daftar.");
        var filter = new InboxFilter(kind, province, regency);
        var page = Choice(errors, request, Fields.Page, p => p.Length <= 4 && int.TryParse(p, out var n) && n >= 1, "Halaman harus bilangan 1 atau lebih.") is { } raw ? int.Parse(raw) : 1;
        var html = !Negotiation.PrefersJson(request);
        if (!errors.IsEmpty && !html)
        {
            return Problems.Validation(errors);
        }

        var now = time.GetUtcNow();
        var zone = await regions.ZoneOfAsync(coordinator, cancellationToken);
        var items = await inbox.OfAsync(coordinator.Id, now - DecidedWindow, cancellationToken);
        var waiting = items.Where(i => i.State == InboxState.Waiting).ToList();
        var filtered = waiting.Where(filter.Accepts).OrderBy(i => i.Deadline).ThenBy(i => i.AskedAt).ToList();
        var size = options.Value.PageSize;
        var pages = Math.Max(1, (filtered.Count + size - 1) / size);
        page = Math.Min(page, pages);
        var shown = new List<WaitingItem>();
        foreach (var item in filtered.Skip((page - 1) * size).Take(size))
        {
            var decide = links.Sign(new SignedLink(item.SubjectId, LinkPurpose.Decide, coordinator.Id, item.Round, item.Deadline, item.SubjectType));
            shown.Add(new WaitingItem(item.SubjectType, item.SubjectId, item.Round, item.Title, item.What, item.Brief, item.RegencyCode,
                await regions.RegencyNameAsync(item.RegencyCode, cancellationToken), item.ProvinceCode, item.Deadline, zone.Format(item.Deadline),
                ApiRoutes.ShowApproval.PathFor(decide), item.Rule, item.Needed, await OthersAsync(coordinator, item, cancellationToken)));
        }
        var decided = items.Where(i => i.State == InboxState.Decided && i.DecidedAt is not null).OrderByDescending(i => i.DecidedAt)
            .Select(i => new DecidedItem(i.SubjectType, i.SubjectId, i.Round, i.Title, i.What, i.Decision ?? "", i.DecidedAt!.Value, zone.Format(i.DecidedAt.Value)))
            .ToList();
        var view = new InboxView(coordinator.Id, coordinator.Name, coordinator.Title, zone, waiting.Count, page, pages, shown, decided);
        if (!html)
        {
            return ApiResults.Ok(view);
        }
        // The choices are the places something waits in (kab/kota within the chosen province), and the one chosen.
        var provinces = (await regions.ProvincesAsync(cancellationToken)).Where(p => waiting.Any(i => i.ProvinceCode == p.Code) || p.Code == province)
            .Select(p => (p.Code, RegionDirectory.DisplayName(p.Name))).ToList();
        var regencies = new List<(string Code, string Name)>();
        foreach (var code in waiting.Where(i => province is null || i.ProvinceCode == province).Select(i => i.RegencyCode).Append(regency).OfType<string>().Distinct().Order())
        {
            regencies.Add((code, await regions.RegencyNameAsync(code, cancellationToken)));
        }
        var parts = new StringBuilder();
        foreach (var section in sections)
        {
            parts.Append(await section.RenderAsync(coordinator, token, cancellationToken));
        }
        return InboxPages.Inbox(view, token, filter, provinces, regencies, errors, parts.ToString(),
            errors.IsEmpty ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    /// <summary>Who else was asked in the item's round, and what they did.</summary>
    async Task<IReadOnlyList<OtherApprover>> OthersAsync(Coordinator me, InboxItem item, CancellationToken cancellationToken)
    {
        var others = new List<OtherApprover>();
        foreach (var other in await inbox.RoundAsync(item.SubjectType, item.SubjectId, item.Round, cancellationToken))
        {
            if (other.CoordinatorId != me.Id && await coordinators.FindByIdAsync(other.CoordinatorId, cancellationToken) is { } who)
            {
                others.Add(new OtherApprover(who.Id, who.Name, who.Title, other.State, other.Decision));
            }
        }
        return others;
    }

    /// <summary>An optional query value: null when absent or empty; an error naming the field when present and not one the check accepts.</summary>
    static string? Choice(FieldErrors errors, HttpRequest request, string field, Func<string, bool> accepts, string message)
    {
        var values = request.Query[field];
        if (values.Count == 0 || string.IsNullOrEmpty(values[0]))
        {
            return null;
        }
        if (values.Count > 1 || !accepts(values[0]!))
        {
            errors.Add(field, "invalid", message);
            return null;
        }
        return values[0];
    }
}
