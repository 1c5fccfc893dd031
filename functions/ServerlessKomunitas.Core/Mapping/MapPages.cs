using System.Text;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// An area's page: the national map, a province, or a kab/kota profile laid out for printing in the PMK3I frame (the
/// community actor's figures, the support asked of the other actors, the 17 subsectors and their gaps). Every chart is
/// server-drawn SVG with its numbers in a table beside it; no page needs script.
/// </summary>
public static class MapPages
{
    public static IReadOnlyDictionary<string, string> Labels { get; } = new Dictionary<string, string>
    {
        [MapMeasures.Communities] = "Komunitas",
        [MapMeasures.Members] = "Anggota terkonfirmasi",
        [MapMeasures.EventsHeld] = "Kegiatan terlaksana",
        [MapMeasures.EventsUpcoming] = "Kegiatan mendatang",
        [MapMeasures.Attending] = "Pendaftar hadir (RSVP)",
        [MapMeasures.Waitlisted] = "Daftar tunggu (RSVP)",
        [MapMeasures.MentorshipsActive] = "Mentoring berjalan",
        [MapMeasures.MentorshipsCompleted] = "Mentoring selesai",
    };

    /// <param name="measure">The measure that shades the national map.</param>
    /// <summary>How many of the communities listed in the directory an area's page names; the directory has the rest.</summary>
    public const int ListedShown = 50;

    public static IResult Area(AreaView area, string measure, DateTimeOffset now, IReadOnlyList<Listings.ListedCommunity> listed)
    {
        var body = new StringBuilder();
        var crumbs = string.Join(" › ", area.Trail.Select(t => $"""<a href="{Html.Encode(ApiRoutes.MapArea.PathFor(t.Code))}">{Html.Encode(t.Name)}</a>""").Append(Html.Encode(area.Name)));
        var heading = area.Level == "nation" ? "Peta ekonomi kreatif komunitas Indonesia" : $"Profil ekonomi kreatif komunitas: {area.Name}";
        body.Append($"""
            <nav class="crumbs" aria-label="Wilayah">{crumbs}</nav>
            <h1>{Html.Encode(heading)}</h1>
            <p>Angka dari komunitas kreatif yang terdaftar di jaringan ini, diperbarui setiap kali datanya berubah. Jumlah orang di bawah 3 ditulis
            <strong>&lt;3</strong>; <strong>x</strong> berarti angka disembunyikan agar angka &lt;3 di sebelahnya tidak bisa dihitung dari jumlahnya.
            Kehadiran tidak dicatat: yang dihitung adalah pendaftaran (RSVP).</p>
            <p class="print-note">Dicetak pada {Html.Encode(Enum.Parse<IndonesianTimeZone>(area.Zone).Format(now))}. Sumber: {Html.Encode(ApiRoutes.MapArea.PathFor(area.Code))}</p>
            """);
        if (area.Level == "nation")
        {
            body.Append(NationMap(area, measure));
        }
        body.Append($"""
            <h2>1. Komunitas</h2>
            <p>Aktor komunitas dalam kerangka PMK3I: komunitas, anggota, kegiatan, dan mentoring.</p>
            {FiguresTable(area.Figures)}
            <h3>Kegiatan terlaksana, 12 bulan terakhir</h3>
            <div class="figure">{MapCharts.Line("bulan", $"Kegiatan terlaksana per bulan di {area.Name}", [.. area.EventsHeldByMonth.Select(m => (m.Key, m.Value))])}
            {CountTable("Bulan", "Kegiatan", area.EventsHeldByMonth.Select(m => (MapCharts.MonthLabel(m.Key), m.Value)))}</div>
            <h2>2. Dukungan yang diminta dari aktor lain</h2>
            <p>Berapa usulan kegiatan yang meminta dukungan akademisi, bisnis, pemerintah, dan media (satu usulan dihitung sekali per aktor).</p>
            <div class="figure">{MapCharts.Bars("dukungan", $"Usulan yang meminta dukungan, per aktor, di {area.Name}",
                [.. area.SupportAskedOf.Select(s => (Pentahelix.Names.GetValueOrDefault(s.Key, s.Key), s.Value))])}
            {CountTable("Aktor", "Usulan", area.SupportAskedOf.Select(s => (Pentahelix.Names.GetValueOrDefault(s.Key, s.Key), s.Value)))}</div>
            <h2>3. Subsektor ekonomi kreatif</h2>
            <div class="figure">{MapCharts.Bars("subsektor", $"Komunitas per subsektor di {area.Name}",
                [.. area.CommunitiesBySubsector.Select(s => (SubsectorName(s.Key), s.Value))])}
            {SubsectorTable(area)}</div>
            <h3>Subsektor tanpa komunitas</h3>
            {(area.SubsectorsWithoutCommunity.Count == 0
                ? "<p>Setiap subsektor sudah punya komunitas.</p>"
                : $"""<p>Celah yang perlu diisi peta jalan: {area.SubsectorsWithoutCommunity.Count} dari {MapReader.KnownSubsectors.Count} subsektor belum punya komunitas terdaftar.</p><ul class="gaps">{string.Concat(area.SubsectorsWithoutCommunity.Select(s => $"<li>{Html.Encode(SubsectorName(s))}</li>"))}</ul>""")}
            """);
        if (area.Level != "nation")
        {
            body.Append(Listed(area, listed));
        }
        if (area.Children.Count > 0)
        {
            body.Append(ChildrenTables(area));
        }
        body.Append($"""
            <h2>Data terbuka</h2>
            <p>Semua angka per kabupaten/kota dan per provinsi, dengan kode Kemendagri, di bawah CC BY 4.0:
            <a href="{ApiRoutes.OpenData.PathFor("kabupaten-kota.csv")}">kabupaten-kota.csv</a>,
            <a href="{ApiRoutes.OpenData.PathFor("provinsi.csv")}">provinsi.csv</a> (juga dalam JSON).
            Nama wilayah: <a href="{ApiRoutes.OpenData.PathFor("wilayah.csv")}">wilayah.csv</a>, dari idn-area-data oleh Fityan Nugroho dan kontributor, di bawah ODbL.</p>
            """);
        return PageLayout.Render(area.Level == "nation" ? "Peta ekonomi kreatif" : $"Profil {area.Name}", body.ToString());
    }

    /// <summary>The communities of the area in the public directory, by their contacts' choice; the others are in the counts only.</summary>
    static string Listed(AreaView area, IReadOnlyList<Listings.ListedCommunity> listed)
    {
        var directory = Listings.DirectoryEndpoints.BrowseFilter.Path(area.Level == "province" ? area.Code : null, area.Level == "regency" ? area.Code : null, null, null);
        var names = listed.Count == 0
            ? "<p>Belum ada komunitas di wilayah ini yang memilih tampil di direktori.</p>"
            : $"""<ul class="listed">{string.Concat(listed.Select(c => $"<li><a href=\"{Html.Encode(ApiRoutes.DirectoryProfile.PathFor(c.Id))}\">{Html.Encode(c.Name)}</a> ({Html.Encode(string.Join(", ", c.Subsectors.Select(SubsectorName)))})</li>"))}</ul>""";
        return $"""
            <h2>Komunitas di direktori</h2>
            <p>Komunitas yang narahubungnya memilih tampil di <a href="{Html.Encode(directory)}">direktori komunitas</a>{(listed.Count == ListedShown ? $" (lima puluh pertama; selebihnya di direktori)" : "")}. Komunitas lain hanya dihitung di angka di atas.</p>
            {names}
            """;
    }

    /// <summary>A refused request, in Bahasa Indonesia, with a way back to the national map.</summary>
    public static IResult Refused(int status, FieldErrors errors) => PageLayout.Render("Wilayah tidak ditemukan", $"""
        <h1>Tidak dapat ditampilkan</h1>
        {FormFields.ErrorSummary(errors, new Dictionary<string, string> { ["code"] = "Kode wilayah", ["measure"] = "Ukuran" })}
        <p><a href="{ApiRoutes.MapArea.PathFor(MapMeasures.Nation)}">Buka peta Indonesia</a></p>
        """, status);

    static string SubsectorName(string slug) => Subsectors.Names.GetValueOrDefault(slug, slug);

    static string NationMap(AreaView area, string measure)
    {
        var provinces = area.Children.Select(c => (c.Code, c.Name, Value: Count(c.Figures[measure]), Shown: $"{c.Figures[measure]} {Labels[measure].ToLowerInvariant()}")).ToList();
        var choices = string.Join(" ", MapMeasures.Headline.Select(m => m == measure
            ? $"""<strong aria-current="true">{Html.Encode(Labels[m])}</strong>"""
            : $"""<a href="{Html.Encode(ApiRoutes.MapArea.PathFor(MapMeasures.Nation))}?measure={m}">{Html.Encode(Labels[m])}</a>"""));
        return $"""
            <h2>Peta provinsi: {Html.Encode(Labels[measure])}</h2>
            <p class="choices">Warnai menurut: {choices}</p>
            <div class="figure tiles">{MapCharts.TileGrid("peta", $"{Labels[measure]} per provinsi", provinces, code => ApiRoutes.MapArea.PathFor(code))}</div>
            <p class="hint">Satu kotak per provinsi, diberi kode Kemendagri; makin gelap makin banyak. Pilih kotak untuk membuka provinsinya. Angkanya ada di tabel provinsi di bawah.</p>
            """;
    }

    /// <summary>A protected figure's count for shading: "&lt;3" and "x" shade as the lowest non-zero step.</summary>
    static long Count(System.Text.Json.Nodes.JsonNode? figure) => figure is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<long>(out var n) ? n : 1;

    static string FiguresTable(System.Text.Json.Nodes.JsonObject figures) => $"""
        <table class="figures"><caption class="visually-hidden">Angka utama</caption><tbody>
        {string.Concat(MapMeasures.Headline.Select(m => $"""<tr><th scope="row">{Html.Encode(Labels[m])}</th><td>{Html.Encode(figures[m]?.ToString())}</td></tr>"""))}
        </tbody></table>
        """;

    static string CountTable(string what, string count, IEnumerable<(string Label, long Value)> rows) => $"""
        <table class="figures"><thead><tr><th scope="col">{Html.Encode(what)}</th><th scope="col">{Html.Encode(count)}</th></tr></thead><tbody>
        {string.Concat(rows.Select(r => $"""<tr><th scope="row">{Html.Encode(r.Label)}</th><td>{r.Value}</td></tr>"""))}
        </tbody></table>
        """;

    static string SubsectorTable(AreaView area) => $"""
        <table class="figures"><thead><tr><th scope="col">Subsektor</th><th scope="col">Komunitas</th><th scope="col">Kegiatan terlaksana</th></tr></thead><tbody>
        {string.Concat(MapReader.KnownSubsectors.Select(s => $"""<tr><th scope="row">{Html.Encode(SubsectorName(s))}</th><td>{area.CommunitiesBySubsector.GetValueOrDefault(s)}</td><td>{area.EventsHeldBySubsector.GetValueOrDefault(s)}</td></tr>"""))}
        </tbody></table>
        """;

    /// <summary>The children's headline figures, and communities per subsector by child: the subsector × region table.</summary>
    static string ChildrenTables(AreaView area)
    {
        var level = area.Level == "nation" ? "Provinsi" : "Kabupaten/kota";
        var head = string.Concat(MapMeasures.Headline.Select(m => $"""<th scope="col">{Html.Encode(Labels[m])}</th>"""));
        var rows = string.Concat(area.Children.Select(c => $"""<tr><th scope="row"><a href="{Html.Encode(ApiRoutes.MapArea.PathFor(c.Code))}">{Html.Encode(c.Name)}</a></th>{string.Concat(MapMeasures.Headline.Select(m => $"<td>{Html.Encode(c.Figures[m]?.ToString())}</td>"))}</tr>"""));
        var subsectorHead = string.Concat(MapReader.KnownSubsectors.Select(s => $"""<th scope="col">{Html.Encode(SubsectorName(s))}</th>"""));
        var subsectorRows = string.Concat(area.Children.Select(c => $"""<tr><th scope="row">{Html.Encode(c.Name)}</th>{string.Concat(MapReader.KnownSubsectors.Select(s => c.CommunitiesBySubsector.GetValueOrDefault(s) is var n && n == 0 ? """<td class="gap">0</td>""" : $"<td>{n}</td>"))}</tr>"""));
        return $"""
            <h2>{level}</h2>
            <div class="scroll" tabindex="0" role="region" aria-label="Tabel {level.ToLowerInvariant()}"><table class="figures wide"><thead><tr><th scope="col">{level}</th>{head}</tr></thead><tbody>{rows}</tbody></table></div>
            <h3>Komunitas per subsektor dan {level.ToLowerInvariant()}</h3>
            <p class="hint">Sel bertanda 0 adalah subsektor tanpa komunitas di wilayah itu.</p>
            <div class="scroll" tabindex="0" role="region" aria-label="Tabel subsektor per {level.ToLowerInvariant()}"><table class="figures wide"><thead><tr><th scope="col">{level}</th>{subsectorHead}</tr></thead><tbody>{subsectorRows}</tbody></table></div>
            """;
    }
}
