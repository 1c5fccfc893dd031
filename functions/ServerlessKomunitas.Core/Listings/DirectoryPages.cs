using ServerlessKomunitas.Mapping;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>The directory's pages, in Bahasa Indonesia, with no script: browsing, a profile, and the contact's own page.</summary>
public static class DirectoryPages
{
    public static IResult Message(string title, string message, int status = StatusCodes.Status200OK) => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice warn"><p>{Html.Encode(message)}</p></div>
        <p><a href="{ApiRoutes.Directory.Path}">Kembali ke direktori</a></p>
        """, status);

    static readonly IReadOnlyDictionary<string, string> FilterLabels = new Dictionary<string, string>
    {
        ["province"] = "Provinsi", ["regency"] = "Kabupaten/kota", ["subsector"] = "Subsektor", ["after"] = "Halaman",
    };

    static string SubsectorName(string slug) => Subsectors.Names.GetValueOrDefault(slug, slug);

    public static IResult Browse(IReadOnlyList<Province> provinces, DirectoryEndpoints.BrowseFilter filter, IReadOnlyList<DirectoryEndpoints.DirectoryItem> items,
        string? next, int status = StatusCodes.Status200OK)
    {
        var body = new StringBuilder($"""
            <h1>Direktori komunitas kreatif</h1>
            <p>Komunitas yang narahubungnya memilih untuk tampil di sini. Komunitas lain tetap dihitung di
            <a href="{ApiRoutes.MapArea.PathFor(MapMeasures.Nation)}">peta ekonomi kreatif</a>, tanpa nama.</p>
            {FormFields.ErrorSummary(filter.Errors, FilterLabels)}
            <form method="get" action="{ApiRoutes.Directory.Path}" class="filters">
            {FormFields.Select(filter.Errors, "province", "Provinsi", provinces.Select(p => (p.Code, p.Name)), filter.Province?.Code, required: false, empty: "Semua provinsi")}
            {FormFields.RegencySelect(filter.Errors, provinces, "regency", "Kabupaten/kota", filter.Regency?.Code, required: false)}
            {FormFields.Select(filter.Errors, "subsector", "Subsektor", MapReader.KnownSubsectors.Select(s => (s, SubsectorName(s))), filter.Subsector, required: false, empty: "Semua subsektor")}
            <div class="actions"><button type="submit">Tampilkan</button></div>
            </form>
            """);
        if (items.Count == 0)
        {
            body.Append(filter.Errors.IsEmpty ? "<p>Belum ada komunitas yang tampil untuk pilihan ini.</p>" : "");
        }
        else
        {
            body.Append("""<ul class="directory">""");
            foreach (var item in items)
            {
                body.Append($"""
                    <li><a href="{Html.Encode(item.Profile)}"><strong>{Html.Encode(item.Name)}</strong></a><br>
                    {Html.Encode(item.RegencyName)} · {Html.Encode(string.Join(", ", item.Subsectors.Select(SubsectorName)))}{(item.FoundedYear is { } year ? $" · berdiri {year}" : "")}</li>
                    """);
            }
            body.Append("</ul>");
        }
        if (next is not null)
        {
            body.Append($"""<p><a href="{Html.Encode(next)}" rel="next">Halaman berikutnya</a></p>""");
        }
        return PageLayout.Render("Direktori komunitas kreatif", body.ToString(), status);
    }

    public static IResult Profile(DirectoryEndpoints.CommunityProfile p)
    {
        string Events(IReadOnlyList<DirectoryEndpoints.ProfileEventView> events, string none, bool rsvp) => events.Count == 0
            ? $"<p>{Html.Encode(none)}</p>"
            : $"""<ul>{string.Concat(events.Select(e => $"<li><strong>{Html.Encode(e.Title)}</strong>, {Html.Encode(e.When)}{(rsvp ? $""" · <a href="{Html.Encode(e.Rsvp)}">Daftar hadir</a>""" : "")}</li>"))}</ul>""";
        var links = p.Links.Count == 0 ? "" : $"""
            <h2>Tautan</h2>
            <ul>{string.Concat(p.Links.Select(l => $"""<li><a href="{Html.Encode(l)}" rel="nofollow ugc noopener">{Html.Encode(l)}</a></li>"""))}</ul>
            """;
        var months = p.Activity.Select(a => (a.Month, (long)a.EventsHeld)).ToList();
        return PageLayout.Render(p.Name, $"""
            <nav class="crumbs" aria-label="Direktori"><a href="{ApiRoutes.Directory.Path}">Direktori</a> ›
            <a href="{Html.Encode(DirectoryEndpoints.BrowseFilter.Path(p.ProvinceCode, null, null, null))}">{Html.Encode(p.ProvinceName)}</a> ›
            <a href="{Html.Encode(DirectoryEndpoints.BrowseFilter.Path(null, p.RegencyCode, null, null))}">{Html.Encode(p.RegencyName)}</a></nav>
            <h1>{Html.Encode(p.Name)}</h1>
            <dl class="facts">
            <dt>Subsektor</dt><dd>{Html.Encode(string.Join(", ", p.Subsectors.Select(SubsectorName)))}</dd>
            <dt>Kabupaten/kota</dt><dd><a href="{Html.Encode(ApiRoutes.MapArea.PathFor(p.RegencyCode))}">{Html.Encode(p.RegencyName)}</a>, {Html.Encode(p.ProvinceName)}</dd>
            <dt>Tahun berdiri</dt><dd>{(p.FoundedYear is { } year ? year.ToString(System.Globalization.CultureInfo.InvariantCulture) : "tidak disebutkan")}</dd>
            <dt>Besar komunitas</dt><dd>{Html.Encode(SizeBands.Label(p.SizeBand))}</dd>
            <dt>Mentoring</dt><dd>{(p.ActiveMentoring ? "ada anggota yang sedang dimentori" : "tidak ada mentoring yang berjalan")}</dd>
            </dl>
            {(p.Description.Length == 0 ? "" : $"<h2>Tentang komunitas</h2>{Html.Paragraphs(p.Description)}")}
            {links}
            <h2>Kegiatan mendatang</h2>
            {Events(p.UpcomingEvents, "Belum ada kegiatan terjadwal.", rsvp: true)}
            <h2>Kegiatan yang sudah terlaksana</h2>
            {Events(p.PastEvents, "Belum ada kegiatan yang terlaksana.", rsvp: false)}
            <h2>Aktivitas 12 bulan terakhir</h2>
            <div class="figure">{MapCharts.Line("aktivitas", $"Kegiatan terlaksana per bulan oleh {p.Name}", months)}
            <table><caption>Kegiatan terlaksana per bulan</caption><thead><tr><th scope="col">Bulan</th><th scope="col">Kegiatan</th></tr></thead><tbody>
            {string.Concat(months.Select(m => $"<tr><th scope=\"row\">{Html.Encode(MapCharts.MonthLabel(m.Month))}</th><td>{m.Item2}</td></tr>"))}
            </tbody></table></div>
            <p class="hint">Profil ini ditampilkan atas pilihan narahubung komunitas, tanpa data kontak. Besar komunitas dihitung dari anggota yang sudah mengonfirmasi keanggotaannya.</p>
            """);
    }

    static readonly IReadOnlyDictionary<string, string> ListingLabels = new Dictionary<string, string>
    {
        ["action"] = "Pilihan", ["description"] = "Deskripsi", ["links"] = "Tautan", ["consent"] = "Persetujuan", ["consentVersion"] = "Persetujuan", ["body"] = "Isian",
    };

    /// <summary>The contact's page: the choice, the form for the description and links, and the way out.</summary>
    public static IResult Listing(Registration registration, Listing? listing, string token, FieldErrors errors, string? saved, string? description = null,
        IReadOnlyList<string>? links = null, int status = StatusCodes.Status200OK)
    {
        var listed = listing is { Status: ListingStatus.Listed };
        description ??= listed ? listing!.Description : "";
        var linkValues = (links ?? (listed ? listing!.Links : [])).Concat(Enumerable.Repeat("", 3)).Take(Math.Max(3, (links ?? listing?.Links ?? []).Count)).ToList();
        var linkInputs = string.Concat(linkValues.Select((link, i) =>
            $"""<input type="url" name="links" value="{Html.Encode(link)}" aria-label="Tautan {i + 1}" inputmode="url"{(i == 0 ? " id=\"f-links\"" : "")}{(errors.Has("links") ? " class=\"invalid\"" : "")}>"""));
        var action = Html.Encode(ApiRoutes.SaveListing.PathWithKey(token));
        var state = listed
            ? $"""<div class="notice ok"><p>{Html.Encode(registration.Name)} tampil di direktori: <a href="{Html.Encode(ApiRoutes.DirectoryProfile.PathFor(registration.Id))}">lihat profilnya</a>.</p></div>"""
            : """<div class="notice"><p>Komunitas Anda belum tampil di direktori. Sampai Anda memilihnya, komunitas Anda hanya dihitung dalam angka peta, tanpa nama.</p></div>""";
        var consent = listed && listing!.ConsentVersion == DirectoryEndpoints.ConsentVersion
            ? ""
            : FormFields.Consent(errors, "consent", "consentVersion", "Persetujuan tampil di direktori", false, DirectoryEndpoints.ConsentVersion, DirectoryEndpoints.ConsentText);
        var withdraw = listed
            ? $"""
              <h2>Keluar dari direktori</h2>
              <p>Profil komunitas Anda hilang dari direktori, dan deskripsi serta tautannya kami hapus. Komunitas tetap dihitung di peta, tanpa nama.</p>
              <form method="post" action="{action}"><input type="hidden" name="action" value="withdraw">
              <div class="actions"><button type="submit" class="secondary">Keluar dari direktori</button></div></form>
              """
            : "";
        return PageLayout.Render("Profil direktori", $"""
            <h1>Profil direktori: {Html.Encode(registration.Name)}</h1>
            {(saved is null ? "" : $"""<div class="notice ok"><p>{Html.Encode(saved)}</p></div>""")}
            {state}
            <p>Yang tampil: nama, subsektor, kabupaten/kota dan tahun berdiri dari pendaftaran; perkiraan jumlah anggota terkonfirmasi; kegiatan
            dan mentoring; serta deskripsi dan tautan di bawah ini. Nama, email dan nomor telepon narahubung tidak pernah tampil.</p>
            {FormFields.ErrorSummary(errors, ListingLabels)}
            <form method="post" action="{action}" novalidate>
            <input type="hidden" name="action" value="list">
            {FormFields.TextArea(errors, "description", "Deskripsi untuk umum", description, $"Tulis tentang komunitas, bukan tentang orang. Maksimal {DirectoryEndpoints.MaxDescription} karakter.", DirectoryEndpoints.MaxDescription)}
            <label for="f-links">Tautan (opsional)</label><p class="hint">Situs web atau media sosial komunitas, diawali https://</p>{FormFields.Errors(errors, "links")}
            {linkInputs}
            {consent}
            <div class="actions"><button type="submit">{(listed ? "Simpan" : "Tampilkan di direktori")}</button></div>
            </form>
            {withdraw}
            """, status);
    }
}
