using System.Text.RegularExpressions;
using ServerlessKomunitas.Mapping;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>
/// The public community directory: browsing the communities whose contacts chose to be listed
/// (<c>GET /api/directory</c>, by province, kab/kota and subsector, paged), each one's profile
/// (<c>GET /api/directory/{id}</c>), and the contact's own page, from their signed link, to opt in, edit the
/// description and links, or withdraw (<c>/api/listing?k=</c>). Browsers get pages, clients JSON.
/// </summary>
public sealed partial class DirectoryEndpoints(ListingStore listings, CommunityActivityStore life, RegistrationStore registrations, RegionDirectory regions,
    LinkSigner links, TimeProvider time)
{
    public const int PageSize = 20;
    public const int MaxBodyBytes = 8 * 1024;
    public const int MaxDescription = 1000;

    /// <summary>The version of the directory's consent text the contact agrees to when they opt in.</summary>
    public const string ConsentVersion = "direktori-2026-12";

    public const string ConsentText =
        "Saya narahubung komunitas ini dan setuju nama, subsektor, kabupaten/kota, tahun berdiri, perkiraan jumlah anggota, kegiatan, serta deskripsi dan tautan di atas ditampilkan untuk umum di direktori. Data kontak tidak ditampilkan. Persetujuan ini bisa dicabut kapan saja dari halaman ini.";

    public sealed record DirectoryItem(string Id, string Name, IReadOnlyList<string> Subsectors, string RegencyCode, string RegencyName, string ProvinceCode,
        int? FoundedYear, string Profile);

    public sealed record DirectoryPage(IReadOnlyList<DirectoryItem> Items, string? Next);

    public sealed record ProfileEventView(string Id, string Title, DateTimeOffset StartUtc, DateTimeOffset EndUtc, IndonesianTimeZone Zone, string When, string Rsvp);

    public sealed record MonthActivity(string Month, int EventsHeld);

    public sealed record CommunityProfile(string Id, string Name, IReadOnlyList<string> Subsectors, string RegencyCode, string RegencyName, string ProvinceCode,
        string ProvinceName, int? FoundedYear, string SizeBand, string Description, IReadOnlyList<string> Links, IReadOnlyList<ProfileEventView> UpcomingEvents,
        IReadOnlyList<ProfileEventView> PastEvents, bool ActiveMentoring, IReadOnlyList<MonthActivity> Activity);

    public sealed record ListingView(string CommunityId, string Name, string Status, string Description, IReadOnlyList<string> Links, string? Profile);

    /// <summary>A page of listed communities; a province, kab/kota or subsector narrows it, <c>after</c> continues it.</summary>
    public async Task<IResult> BrowseAsync(HttpRequest request)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var html = Negotiation.PrefersHtml(request);
        var provinces = await regions.ProvincesAsync(cancellationToken);
        var filter = await FilterAsync(request, provinces);
        if (!filter.Errors.IsEmpty)
        {
            return html ? DirectoryPages.Browse(provinces, filter, [], null, StatusCodes.Status400BadRequest) : Problems.Validation(filter.Errors);
        }
        var partition = filter.Subsector is null ? ListingStore.Everyone : ListingStore.SubsectorPartition(filter.Subsector);
        var prefix = filter.Regency is not null ? filter.Regency.Code + "|" : filter.Province is not null ? filter.Province.Code + "." : "";
        var (items, next) = await listings.PageAsync(partition, prefix, filter.After, PageSize, cancellationToken);
        var names = provinces.SelectMany(p => p.Regencies).ToDictionary(r => r.Code, r => r.Name, StringComparer.Ordinal);
        var views = items.Select(i => new DirectoryItem(i.Id, i.Name, i.Subsectors, i.RegencyCode, names.GetValueOrDefault(i.RegencyCode, i.RegencyCode),
            i.RegencyCode.Split('.')[0], i.FoundedYear, ApiRoutes.DirectoryProfile.PathFor(i.Id))).ToList();
        var nextPath = next is null ? null : filter.PathAfter(next);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=60";
        return html ? DirectoryPages.Browse(provinces, filter, views, nextPath) : ApiResults.Ok(new DirectoryPage(views, nextPath));
    }

    /// <summary>A listed community's public profile; a community not listed (never, or no longer) is not found.</summary>
    public async Task<IResult> ProfileAsync(HttpRequest request, string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var html = Negotiation.PrefersHtml(request);
        var listing = await listings.FindAsync(id.Trim(), cancellationToken);
        var registration = listing is null ? null : await registrations.FindAsync(listing.CommunityId, cancellationToken);
        if (listing is null || ListingStore.PartitionsFor(listing, registration).Count == 0)
        {
            const string message = "Komunitas ini tidak ada di direktori. Komunitas hanya tampil di sini jika narahubungnya memilih untuk tampil.";
            return html
                ? DirectoryPages.Message("Komunitas tidak ditemukan", message, StatusCodes.Status404NotFound)
                : Problems.OfField(StatusCodes.Status404NotFound, "not-listed", "No such community in the directory.", message, "id");
        }
        var profile = await ProfileOfAsync(listing, registration!, cancellationToken);
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=60";
        return html ? DirectoryPages.Profile(profile) : ApiResults.Ok(profile);
    }

    async Task<CommunityProfile> ProfileOfAsync(Listing listing, Registration registration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var province = await regions.FindProvinceAsync(registration.ProvinceCode, cancellationToken);
        var zone = province?.Zone ?? IndonesianTimeZone.WIB;
        var community = await life.ReadAsync(registration.Id, cancellationToken);
        ProfileEventView View(ProfileEvent e) => new(e.Id, e.Title, e.StartUtc, e.EndUtc, e.Zone, e.Zone.Format(e.StartUtc), ApiRoutes.ShowRsvp.PathFor(e.Id));
        var held = community.Events.Where(e => e.EndUtc <= now).ToList();
        var months = MapReader.LastTwelveMonths(now, zone);
        var heldByMonth = held.GroupBy(e => MonthOf(e)).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new CommunityProfile(registration.Id, registration.Name, [.. registration.Subsectors], registration.RegencyCode,
            await regions.RegencyNameAsync(registration.RegencyCode, cancellationToken), registration.ProvinceCode, province?.Name ?? registration.ProvinceCode,
            registration.FoundedYear, SizeBands.Of(community.ConfirmedMembers), listing.Description, listing.Links,
            [.. community.Events.Where(e => e.EndUtc > now).OrderBy(e => e.StartUtc).Take(20).Select(View)],
            [.. held.OrderByDescending(e => e.StartUtc).Take(10).Select(View)],
            community.MentorshipsActive > 0,
            [.. months.Select(m => new MonthActivity(m, heldByMonth.GetValueOrDefault(m)))]);
    }

    /// <summary>An event's month in its own zone, as the map counts it.</summary>
    static string MonthOf(ProfileEvent e)
    {
        var start = TimeZoneInfo.ConvertTime(e.StartUtc, e.Zone.Info());
        return $"{start.Year:0000}-{start.Month:00}";
    }

    /// <summary>The contact's page: their choice, and the description and links they show.</summary>
    public async Task<IResult> ShowListingAsync(HttpRequest request)
    {
        var (registration, token, refusal) = await ResolveAsync(request);
        if (registration is null)
        {
            return refusal!;
        }
        var listing = await listings.FindAsync(registration.Id, request.HttpContext.RequestAborted);
        return Negotiation.PrefersJson(request) ? ApiResults.Ok(View(registration, listing)) : DirectoryPages.Listing(registration, listing, token, new FieldErrors(), null);
    }

    /// <summary>Opts in or saves (<c>action=list</c>, the default), or withdraws (<c>action=withdraw</c>), which keeps nothing of the profile.</summary>
    public async Task<IResult> SaveListingAsync(HttpRequest request)
    {
        var (registration, token, refusal) = await ResolveAsync(request);
        if (registration is null)
        {
            return refusal!;
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return problem!;
        }
        using (body)
        {
            var cancellationToken = request.HttpContext.RequestAborted;
            var json = Negotiation.PrefersJson(request) || !body.IsForm;
            var errors = new FieldErrors();
            var action = body.Choice(errors, "action", "list", "Pilih \"list\" (tampilkan dan simpan) atau \"withdraw\" (keluar dari direktori).", "list", "withdraw");
            var current = await listings.FindAsync(registration.Id, cancellationToken);
            var now = time.GetUtcNow();
            if (action == "withdraw")
            {
                var withdrawn = current is null ? null : await listings.ChangeAsync(registration.Id, l => Withdraw(l, now), registration, cancellationToken);
                return json ? ApiResults.Ok(View(registration, withdrawn))
                    : DirectoryPages.Listing(registration, withdrawn, token, errors, "Komunitas Anda tidak lagi tampil di direktori. Deskripsi dan tautannya sudah kami hapus.");
            }
            var (description, linkList) = Read(body, errors);
            var consented = current is { Status: ListingStatus.Listed, ConsentVersion: ConsentVersion };
            if (action is not null)
            {
                CheckConsent(body, errors, consented);
            }
            if (!errors.IsEmpty)
            {
                return json ? Problems.Validation(errors)
                    : DirectoryPages.Listing(registration, current, token, errors, null, description, linkList, StatusCodes.Status400BadRequest);
            }
            var saved = await SaveAsync(registration, current, description ?? "", linkList, now, cancellationToken);
            return json ? ApiResults.Ok(View(registration, saved))
                : DirectoryPages.Listing(registration, saved, token, new FieldErrors(), "Tersimpan. Komunitas Anda tampil di direktori.");
        }
    }

    /// <summary>
    /// Opting in takes the directory's consent: the box ticked and the version of the text shown. Once given, a save
    /// need not send them again, but whatever is sent must still be right.
    /// </summary>
    static void CheckConsent(SubmittedBody body, FieldErrors errors, bool consented)
    {
        if (body.Has("consentVersion") ? body.IsMistyped("consentVersion") || body.Text("consentVersion") != ConsentVersion : !consented)
        {
            errors.Add("consentVersion", "outdated", "Teks persetujuan sudah berubah. Muat ulang halaman ini dan baca teks terbaru.");
        }
        if (!body.IsForm && body.Has("consent") && body.Json!.RootElement.GetProperty("consent").ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            errors.Add("consent", "type", "Harus berupa true atau false.");
        }
        else if (!consented && !body.IsTicked("consent"))
        {
            errors.Add("consent", "required", "Centang persetujuan agar komunitas Anda bisa tampil di direktori.");
        }
    }

    async Task<Listing?> SaveAsync(Registration registration, Listing? current, string description, IReadOnlyList<string> linkList, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        bool Apply(Listing l)
        {
            var links = JsonSerializer.Serialize(linkList);
            if (l.Status == ListingStatus.Listed && l.Description == description && l.LinksJson == links && l.ConsentVersion == ConsentVersion)
            {
                return false;
            }
            l.ListedAt = l.Status == ListingStatus.Listed ? l.ListedAt : now;
            (l.Status, l.Description, l.LinksJson, l.ConsentVersion, l.ContactKey, l.ChangedAt, l.WithdrawnAt) =
                (ListingStatus.Listed, description, links, ConsentVersion, registration.ContactKey, now, null);
            return true;
        }
        if (current is null)
        {
            var added = new Listing { PartitionKey = registration.Id, RowKey = Listing.Row, ListedAt = now };
            Apply(added);
            if (await listings.TryAddAsync(added, cancellationToken))
            {
                return await listings.ChangeAsync(registration.Id, _ => false, registration, cancellationToken);
            }
        }
        return await listings.ChangeAsync(registration.Id, Apply, registration, cancellationToken);
    }

    /// <summary>Withdrawn: nothing the contact wrote is kept, only when.</summary>
    public static bool Withdraw(Listing listing, DateTimeOffset now)
    {
        if (listing.Status == ListingStatus.Withdrawn && listing.Description.Length == 0 && listing.LinksJson == "[]")
        {
            return false;
        }
        (listing.Status, listing.Description, listing.LinksJson, listing.WithdrawnAt, listing.ChangedAt) = (ListingStatus.Withdrawn, "", "[]", now, now);
        return true;
    }

    static (string? Description, List<string> Links) Read(SubmittedBody body, FieldErrors errors)
    {
        IReadOnlyList<string> linkValues;
        if (body.IsForm)
        {
            linkValues = body.Form!.TryGetValue("links", out var values) ? [.. values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!)] : [];
        }
        else if (JsonFields.Of(body.Json!.RootElement, out _) is { } fields)
        {
            linkValues = fields.List("links");
            var text = fields.Text("description");
            foreach (var (field, reasons) in fields.Errors)
            {
                reasons.ForEach(r => errors.Add(field, r.Code, r.Message));
            }
            return (TextRules.Text(errors, "description", text, 0, MaxDescription, required: false, multiline: true), RegistrationValidator.Links(errors, linkValues));
        }
        else
        {
            errors.Add("body", "not-an-object", "Kirim objek JSON.");
            return (null, []);
        }
        var description = TextRules.Text(errors, "description", body.Text("description"), 0, MaxDescription, required: false, multiline: true);
        return (description, RegistrationValidator.Links(errors, linkValues));
    }

    static ListingView View(Registration registration, Listing? listing) => new(registration.Id, registration.Name,
        listing?.Status switch { ListingStatus.Listed => "listed", ListingStatus.Withdrawn => "withdrawn", _ => "not-listed" },
        listing?.Description ?? "", listing?.Links ?? [], listing is { Status: ListingStatus.Listed } ? ApiRoutes.DirectoryProfile.PathFor(registration.Id) : null);

    /// <summary>The community behind the contact's signed link, approved and with a contact still; else the page or problem that refuses it.</summary>
    async Task<(Registration? Registration, string Token, IResult? Refusal)> ResolveAsync(HttpRequest request)
    {
        var html = !Negotiation.PrefersJson(request);
        var token = request.Query[ApiRoute.KeyParameter].ToString();
        var check = links.Verify(token, LinkPurpose.Listing);
        if (check.Link is { } link && link.SubjectType != DirectoryLinks.SubjectType)
        {
            return (null, token, LinkPages.For(LinkProblem.WrongPurpose, html, ApiRoute.KeyParameter));
        }
        if (!check.IsValid)
        {
            return (null, token, LinkPages.For(check.Problem, html, ApiRoute.KeyParameter));
        }
        var registration = await registrations.FindAsync(check.Link!.Subject, request.HttpContext.RequestAborted);
        return registration is { Status: RegistrationStatus.Approved, ContactKey.Length: > 0 }
            ? (registration, token, null)
            : (null, token, LinkPages.UnknownSubject(html, ApiRoute.KeyParameter));
    }

    /// <summary>What a browsing request asked for, checked: each query parameter known, or an error naming it.</summary>
    public sealed record BrowseFilter(Province? Province, Regency? Regency, string? Subsector, string? After, FieldErrors Errors)
    {
        public string PathAfter(string after) => Path(Province?.Code, Regency?.Code, Subsector, after);

        public static string Path(string? province, string? regency, string? subsector, string? after)
        {
            var query = new[] { ("province", province), ("regency", regency), ("subsector", subsector), ("after", after) }
                .Where(q => q.Item2 is not null).Select(q => $"{q.Item1}={Uri.EscapeDataString(q.Item2!)}").ToList();
            return ApiRoutes.Directory.Path + (query.Count == 0 ? "" : "?" + string.Join('&', query));
        }
    }

    [GeneratedRegex(@"^\d{2}\.\d{2}\|[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex BrowseKey();

    async Task<BrowseFilter> FilterAsync(HttpRequest request, IReadOnlyList<Province> provinces)
    {
        var errors = new FieldErrors();
        string? Asked(string name) => request.Query[name].ToString().Trim() is { Length: > 0 } value ? value : null;
        var (provinceCode, regencyCode, subsector, after) = (Asked("province"), Asked("regency"), Asked("subsector"), Asked("after"));
        var province = provinceCode is null ? null : provinces.FirstOrDefault(p => p.Code == provinceCode);
        if (provinceCode is not null && province is null)
        {
            errors.Add("province", "unknown-province", "Provinsi tidak dikenal. Pakai kode Kemendagri provinsi, misalnya 63.");
        }
        var regency = regencyCode is null ? null : await regions.FindRegencyAsync(regencyCode, request.HttpContext.RequestAborted);
        if (regencyCode is not null && regency is null)
        {
            errors.Add("regency", "unknown-regency", "Kabupaten/kota tidak dikenal. Pakai kode Kemendagri, misalnya 63.09.");
        }
        else if (regency is not null && province is not null && regency.ProvinceCode != province.Code)
        {
            errors.Add("regency", "outside-province", "Kabupaten/kota ini tidak berada di provinsi yang dipilih.");
        }
        if (subsector is not null && !MapReader.KnownSubsectors.Contains(subsector))
        {
            errors.Add("subsector", "unknown-subsector", "Subsektor tidak dikenal.");
        }
        if (after is not null && !BrowseKey().IsMatch(after))
        {
            errors.Add("after", "invalid", "Tautan halaman berikutnya rusak. Mulai lagi dari halaman pertama direktori.");
        }
        return new BrowseFilter(province ?? (regency is null ? null : provinces.FirstOrDefault(p => p.Code == regency.ProvinceCode)), regency,
            errors.Has("subsector") ? null : subsector, errors.Has("after") ? null : after, errors);
    }
}

/// <summary>How big a community is, from its confirmed members (not the count its contact declared), in bands that name no small number.</summary>
public static class SizeBands
{
    public static string Of(int confirmedMembers) => confirmedMembers switch
    {
        < 10 => "<10",
        < 50 => "10-49",
        < 100 => "50-99",
        < CommunityActivityStore.MembersCounted => "100-499",
        _ => "500+",
    };

    public static string Label(string band) => band switch
    {
        "<10" => "kurang dari 10 anggota terkonfirmasi",
        "500+" => "500 anggota terkonfirmasi atau lebih",
        _ => band.Replace("-", "–", StringComparison.Ordinal) + " anggota terkonfirmasi",
    };
}
