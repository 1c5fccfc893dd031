using System.Text.Json.Nodes;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// The open data's catalogue (<c>katalog.json</c>), in the shape of a DCAT catalogue so that an open-data portal can
/// harvest it: one dataset with its title, description, publisher, spatial and temporal coverage, when it was last
/// modified, and every distribution with its address, media type and licence; and the data dictionary
/// (<c>kamus-data.csv</c>) that every distribution conforms to.
/// </summary>
public static class OpenDataCatalog
{
    public const string CountsLicence = "https://creativecommons.org/licenses/by/4.0/";
    public const string NamesLicence = "https://opendatacommons.org/licenses/odbl/1-0/";
    const string Publisher = "Jaringan Komunitas Kreatif";

    /// <param name="link">Makes a path absolute on the app's public address.</param>
    public static JsonObject Document(Func<string, string> link, MapRebuildMark? mark)
    {
        var distributions = new JsonArray();
        foreach (var file in OpenDataFiles.All)
        {
            distributions.Add(new JsonObject
            {
                ["@type"] = "dcat:Distribution",
                ["title"] = file.Title,
                ["downloadURL"] = link(ApiRoutes.OpenData.PathFor(file.Name)),
                ["mediaType"] = file.Format == "csv" ? "text/csv" : "application/json",
                ["format"] = file.Format.ToUpperInvariant(),
                ["license"] = file == OpenDataFiles.Names ? NamesLicence : CountsLicence,
                ["rights"] = file == OpenDataFiles.Names
                    ? "Nama wilayah dari idn-area-data oleh Fityan Nugroho dan kontributor, di bawah Open Database License (ODbL) 1.0."
                    : "Kode dan angka, di bawah CC BY 4.0. Sebutkan: Jaringan Komunitas Kreatif.",
                ["conformsTo"] = link(ApiRoutes.OpenData.PathFor(OpenDataFiles.Dictionary.Name)),
            });
        }
        return new JsonObject
        {
            ["@context"] = new JsonObject { ["dcat"] = "http://www.w3.org/ns/dcat#", ["dct"] = "http://purl.org/dc/terms/" },
            ["@type"] = "dcat:Catalog",
            ["title"] = "Data terbuka ekonomi kreatif komunitas",
            ["description"] = "Katalog data terbuka peta ekonomi kreatif komunitas per provinsi dan kabupaten/kota.",
            ["publisher"] = new JsonObject { ["name"] = Publisher },
            ["homepage"] = link(ApiRoutes.MapArea.PathFor(MapMeasures.Nation)),
            ["dataset"] = new JsonArray(new JsonObject
            {
                ["@type"] = "dcat:Dataset",
                ["identifier"] = "ekonomi-kreatif-komunitas",
                ["title"] = "Ekonomi kreatif komunitas per wilayah",
                ["description"] = "Jumlah komunitas kreatif, anggota terkonfirmasi, kegiatan terlaksana dan mendatang, pendaftaran kegiatan (RSVP), "
                    + "mentoring berjalan dan selesai, serta komunitas per subsektor, untuk setiap provinsi dan kabupaten/kota menurut kode Kemendagri. "
                    + "Jumlah orang di bawah 3 ditulis <3, dan angka yang bisa membuka angka <3 ditulis x. Tidak ada data pribadi.",
                ["keyword"] = new JsonArray("ekonomi kreatif", "komunitas kreatif", "pentahelix", "PMK3I", "subsektor", "kabupaten/kota"),
                ["publisher"] = new JsonObject { ["name"] = Publisher },
                ["spatial"] = "Indonesia: 38 provinsi dan 514 kabupaten/kota (kode Kemendagri)",
                ["temporal"] = new JsonObject { ["startDate"] = mark?.EarliestRecordAt?.ToString("yyyy-MM-dd"), ["endDate"] = mark?.RebuiltAt.ToString("yyyy-MM-dd") },
                ["modified"] = mark?.RebuiltAt.ToString("O"),
                ["accrualPeriodicity"] = "R/PT1H",
                ["license"] = CountsLicence,
                ["distribution"] = distributions,
            }),
        };
    }

    /// <summary>Each column of each file: its name, its type, and what it holds, in Bahasa Indonesia.</summary>
    public static IReadOnlyList<(string File, string Column, string Type, string Description)> Dictionary { get; } = BuildDictionary();

    static List<(string, string, string, string)> BuildDictionary()
    {
        const string counts = "kabupaten-kota.csv, kabupaten-kota.json, provinsi.csv, provinsi.json";
        var people = "bilangan bulat, atau <3 (1 atau 2 orang), atau x (disembunyikan agar angka <3 tidak bisa dihitung)";
        var rows = new List<(string, string, string, string)>
        {
            (counts, "code", "teks", "Kode Kemendagri wilayah: 63 untuk provinsi, 63.09 untuk kabupaten/kota."),
            (counts, "parent_code", "teks", "Kode wilayah induk: provinsi untuk kabupaten/kota, ID untuk provinsi."),
            (counts, "communities", "bilangan bulat", "Komunitas kreatif yang pendaftarannya disetujui, di wilayah komunitas itu."),
            (counts, "members", people, "Orang dengan keanggotaan terkonfirmasi di sedikitnya satu komunitas, di wilayah tempat mereka tinggal."),
            (counts, "events_held", "bilangan bulat", "Kegiatan yang disetujui, dikonfirmasi komunitasnya, tidak dibatalkan, dan sudah selesai."),
            (counts, "events_upcoming", "bilangan bulat", "Kegiatan yang disetujui dan dikonfirmasi yang belum selesai."),
            (counts, "rsvps_attending", people, "Pendaftaran hadir (RSVP) pada kegiatan yang berjalan; kehadiran sebenarnya tidak dicatat."),
            (counts, "rsvps_waitlisted", people, "Pendaftaran di daftar tunggu pada kegiatan yang berjalan."),
            (counts, "mentorships_active", people, "Mentoring yang sedang berjalan (termasuk tahap umpan balik), di wilayah komunitas mentinya."),
            (counts, "mentorships_completed", people, "Mentoring yang selesai, di wilayah komunitas mentinya."),
        };
        rows.AddRange(MapReader.KnownSubsectors.Select(s => (counts, $"communities_{s.Replace('-', '_')}", "bilangan bulat",
            $"Komunitas yang disetujui dengan subsektor {Registrations.Subsectors.Names[s]}; satu komunitas bisa punya beberapa subsektor.")));
        rows.Add((OpenDataFiles.Names.Name, "code", "teks", "Kode Kemendagri wilayah."));
        rows.Add((OpenDataFiles.Names.Name, "parent_code", "teks", "Kode wilayah induk; ID untuk provinsi."));
        rows.Add((OpenDataFiles.Names.Name, "level", "teks", "province atau regency (kabupaten/kota)."));
        rows.Add((OpenDataFiles.Names.Name, "name", "teks", "Nama wilayah, dari idn-area-data (ODbL)."));
        return rows;
    }

    public static string DictionaryCsv() =>
        "file,column,type,description\r\n" + string.Concat(Dictionary.Select(d =>
            $"{OpenDataFiles.Quoted(d.File)},{d.Column},{OpenDataFiles.Quoted(d.Type)},{OpenDataFiles.Quoted(d.Description)}\r\n"));
}

/// <summary>When the figures were last rebuilt, and the earliest record they count (the temporal coverage's start).</summary>
public sealed record MapRebuildMark(DateTimeOffset RebuiltAt, DateTimeOffset? EarliestRecordAt);
