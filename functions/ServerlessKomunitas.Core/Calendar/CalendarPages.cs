using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using F = ServerlessKomunitas.Calendar.CalendarRequestReader.Fields;

namespace ServerlessKomunitas.Calendar;

/// <summary>The public calendar as a page: filters that work without script, the events, and how to subscribe.</summary>
public static class CalendarPages
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [F.Province] = "Provinsi",
        [F.Regency] = "Kabupaten/kota",
        [F.Subsector] = "Subsektor",
        [F.Kind] = "Jenis kegiatan",
        [F.Limit] = "Jumlah per halaman",
        [F.Cursor] = "Halaman",
    };

    public static IResult List(IReadOnlyList<Province> provinces, CalendarFilter filter, FieldErrors errors, IReadOnlyList<CalendarEntry> events,
        string? nextUrl, string feedUrl, int status = StatusCodes.Status200OK)
    {
        var list = new StringBuilder();
        if (errors.IsEmpty && events.Count == 0)
        {
            list.Append("""<p class="notice">Belum ada kegiatan yang cocok. Coba ubah saringan, atau berlangganan agar kegiatan baru muncul sendiri.</p>""");
        }
        foreach (var e in events)
        {
            var place = string.Join(" · ", new[] { e.Venue, e.OnlineLink is null ? null : "Daring" }.Where(p => !string.IsNullOrEmpty(p)));
            var subsectors = string.Join(", ", e.Subsectors.Select(s => Subsectors.Names.GetValueOrDefault(s, s)));
            list.Append($"""
                <article class="notice">
                <h2>{Html.Encode(e.Title)}</h2>
                <p><strong>{Html.Encode(e.TimeZone.Format(e.StartUtc))}</strong> sampai {Html.Encode(e.TimeZone.Format(e.EndUtc))}</p>
                <dl>
                <dt>Jenis</dt><dd>{Html.Encode(EventKinds.Names.GetValueOrDefault(e.Kind, e.Kind))}</dd>
                <dt>Komunitas</dt><dd>{Html.Encode(e.CommunityName)}</dd>
                <dt>Tempat</dt><dd>{Html.Encode(place)}, {Html.Encode(e.RegencyName)}</dd>
                <dt>Subsektor</dt><dd>{Html.Encode(subsectors)}</dd>
                <dt>Kapasitas</dt><dd>{e.Capacity} orang</dd>
                </dl>
                {Html.Paragraphs(e.Description)}
                </article>
                """);
        }
        var next = nextUrl is null ? "" : $"""<p><a href="{Html.Encode(nextUrl)}">Kegiatan berikutnya</a></p>""";
        var webcal = "webcal://" + feedUrl[(feedUrl.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var kinds = EventKinds.Names.Select(k => (k.Key, k.Value));
        var subsectorChoices = Subsectors.Names.Select(s => (s.Key, s.Value));
        var provinceChoices = provinces.Select(p => (p.Code, $"{p.Name} ({p.Zone})"));
        var body = $"""
            <h1>Kalender kegiatan komunitas kreatif</h1>
            <p>Kegiatan yang sudah disetujui dan dikonfirmasi komunitasnya, yang terdekat di atas. Waktu ditulis dalam zona tempat kegiatan (WIB, WITA, atau WIT).</p>
            {FormFields.ErrorSummary(errors, Labels)}
            <form method="get" action="{ApiRoutes.ListEvents.Path}">
            {FormFields.Select(errors, F.Province, Labels[F.Province], provinceChoices, filter.Province, required: false, empty: "Semua provinsi")}
            {FormFields.RegencySelect(errors, provinces, F.Regency, Labels[F.Regency], filter.Regency, required: false)}
            {FormFields.Select(errors, F.Kind, Labels[F.Kind], kinds, filter.Kind, required: false, empty: "Semua jenis")}
            {FormFields.Select(errors, F.Subsector, Labels[F.Subsector], subsectorChoices, filter.Subsector, required: false, empty: "Semua subsektor")}
            <button type="submit">Tampilkan</button>
            </form>
            {list}
            {next}
            <h2>Berlangganan</h2>
            <p>Kalender ini, dengan saringan yang sama, dapat ditambahkan ke Google Calendar, Outlook, atau aplikasi kalender di ponsel. Kegiatan baru dan yang dibatalkan ikut diperbarui.</p>
            <p><a href="{Html.Encode(webcal)}">Tambahkan ke aplikasi kalender</a></p>
            <label for="f-feed">Alamat kalender (salin ke "Tambah kalender dari URL")</label>
            <input type="url" id="f-feed" value="{Html.Encode(feedUrl)}" readonly>
            """;
        return PageLayout.Render("Kalender kegiatan", body, status);
    }
}
