using System.Globalization;
using System.Text.Json.Nodes;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// The map's reading side: an area's figures (<c>GET /api/map/{code}</c>, the nation as "ID"), and the open data
/// (<c>GET /api/open-data/{file}</c>): every kab/kota and every province as CSV and JSON, keyed by Kemendagri codes.
/// Everything is read from the aggregates, with counts of people protected.
/// </summary>
public sealed class MapEndpoints(MapReader reader, MapFigureStore store, RegionDirectory regions, Listings.ListingStore listings, IOptions<SiteOptions> site, TimeProvider time)
{
    /// <summary>JSON, or for a browser the area's page; <c>?measure=</c> picks what shades the national map.</summary>
    public async Task<IResult> ShowAreaAsync(HttpRequest request, string code)
    {
        var html = Negotiation.PrefersHtml(request);
        var measure = request.Query["measure"].ToString() is { Length: > 0 } asked ? asked : MapMeasures.Communities;
        if (!MapMeasures.Headline.Contains(measure))
        {
            var errors = new FieldErrors().Add("measure", "unknown-measure", $"Ukuran tidak dikenal. Pilih salah satu: {string.Join(", ", MapMeasures.Headline)}.");
            return html ? MapPages.Refused(StatusCodes.Status400BadRequest, errors) : Problems.Validation(errors);
        }
        var now = time.GetUtcNow();
        var area = await reader.AreaAsync(code.Trim(), now, request.HttpContext.RequestAborted);
        if (area is null)
        {
            const string unknown = "Wilayah tidak ditemukan. Pakai kode Kemendagri: 63 untuk provinsi, 63.09 untuk kabupaten/kota, atau ID untuk Indonesia.";
            return html
                ? MapPages.Refused(StatusCodes.Status404NotFound, new FieldErrors().Add("code", "unknown-area", unknown))
                : Problems.OfField(StatusCodes.Status404NotFound, "unknown-area", "No such area.", unknown, "code");
        }
        if (html)
        {
            // A kab/kota's or province's page names the communities whose contacts chose the directory (one page of it).
            var listed = area.Level == "nation" ? [] : (await listings.PageAsync(Listings.ListingStore.Everyone, area.Level == "regency" ? area.Code + "|" : area.Code + ".",
                null, MapPages.ListedShown, request.HttpContext.RequestAborted)).Items;
            return MapPages.Area(area, measure, now, listed);
        }
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        return ApiResults.Ok(area);
    }

    /// <summary>The files of the open data, by name: what each holds is in <see cref="OpenDataFiles"/>.</summary>
    public async Task<IResult> OpenDataAsync(HttpRequest request, string file)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        if (OpenDataFiles.Find(file) is not { } found)
        {
            return Problems.OfField(StatusCodes.Status404NotFound, "unknown-file", "No such open-data file.",
                $"Berkas tidak ditemukan. Berkas yang ada: {string.Join(", ", OpenDataFiles.All.Select(f => f.Name))}.", "file");
        }
        request.HttpContext.Response.Headers.CacheControl = "public, max-age=300";
        if (found == OpenDataFiles.Names)
        {
            return Results.Text(OpenDataFiles.NamesCsv(await regions.ProvincesAsync(cancellationToken)), "text/csv; charset=utf-8", System.Text.Encoding.UTF8);
        }
        if (found == OpenDataFiles.Dictionary)
        {
            return Results.Text(OpenDataCatalog.DictionaryCsv(), "text/csv; charset=utf-8", System.Text.Encoding.UTF8);
        }
        if (found == OpenDataFiles.Catalog)
        {
            var catalog = OpenDataCatalog.Document(site.Value.Link, await store.MarkAsync(cancellationToken));
            return Results.Text(catalog.ToJsonString(ApiJson.Options), "application/json; charset=utf-8");
        }
        var rows = found.Level == "regency" ? await RegencyRowsAsync(cancellationToken) : await ProvinceRowsAsync(cancellationToken);
        return found.Format == "csv"
            ? Results.Text(OpenDataFiles.Csv(rows), "text/csv; charset=utf-8", System.Text.Encoding.UTF8)
            : Results.Text(new JsonArray([.. rows.Select(r => (JsonNode)r.DeepClone())]).ToJsonString(ApiJson.Options), "application/json; charset=utf-8");
    }

    /// <summary>Every kab/kota of every province, in code order, each count of people protected in its province's table.</summary>
    async Task<List<JsonObject>> RegencyRowsAsync(CancellationToken cancellationToken)
    {
        var all = await store.AllRegenciesAsync(cancellationToken);
        var rows = new List<JsonObject>();
        foreach (var province in await regions.ProvincesAsync(cancellationToken))
        {
            var table = MapReader.Protect(all.GetValueOrDefault(province.Code) ?? MapReader.NoChildren, province.Regencies.Select(r => r.Code));
            rows.AddRange(province.Regencies.Select(r => OpenDataFiles.Row(r.Code, province.Code, table[r.Code])));
        }
        return rows;
    }

    async Task<List<JsonObject>> ProvinceRowsAsync(CancellationToken cancellationToken)
    {
        var provinces = await regions.ProvincesAsync(cancellationToken);
        var table = MapReader.Protect(await store.ChildrenAsync(MapMeasures.Nation, cancellationToken), provinces.Select(p => p.Code));
        return [.. provinces.Select(p => OpenDataFiles.Row(p.Code, MapMeasures.Nation, table[p.Code]))];
    }
}

/// <summary>One file of the open data: its name, level and format.</summary>
public sealed record OpenDataFile(string Name, string Level, string Format, string Title);

/// <summary>
/// The open data's files and their columns. Codes and counts only: the names of the areas, which come from
/// idn-area-data under ODbL, are not in them, so that these files can go under CC BY 4.0.
/// </summary>
public static class OpenDataFiles
{
    /// <summary>The names of the areas by code, from idn-area-data: the one file under ODbL, declared before All, which lists it.</summary>
    public static readonly OpenDataFile Names = new("wilayah.csv", "names", "csv", "Nama provinsi dan kabupaten/kota menurut kode Kemendagri (ODbL)");

    /// <summary>What each column of each file holds (<see cref="OpenDataCatalog.Dictionary"/>).</summary>
    public static readonly OpenDataFile Dictionary = new("kamus-data.csv", "dictionary", "csv", "Kamus data: kolom setiap berkas dan artinya");

    /// <summary>The catalogue of every file above, for open-data portals; not itself a distribution.</summary>
    public static readonly OpenDataFile Catalog = new("katalog.json", "catalog", "json", "Katalog data terbuka (DCAT)");

    public static IReadOnlyList<OpenDataFile> All { get; } =
    [
        new("kabupaten-kota.csv", "regency", "csv", "Ekonomi kreatif komunitas per kabupaten/kota (CSV)"),
        new("kabupaten-kota.json", "regency", "json", "Ekonomi kreatif komunitas per kabupaten/kota (JSON)"),
        new("provinsi.csv", "province", "csv", "Ekonomi kreatif komunitas per provinsi (CSV)"),
        new("provinsi.json", "province", "json", "Ekonomi kreatif komunitas per provinsi (JSON)"),
        Names,
        Dictionary,
    ];

    public static OpenDataFile? Find(string name) => All.Append(Catalog).FirstOrDefault(f => f.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The columns, in order: the codes, the headline measures, then communities per subsector.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["code", "parent_code", .. MapMeasures.Headline.Select(Column), .. MapReader.KnownSubsectors.Select(s => Column(MapMeasures.CommunitiesIn(s)))];

    static string Column(string measure) => measure.Replace('-', '_').Replace('|', '_');

    public static JsonObject Row(string code, string parent, MapReader.Cells cells)
    {
        var row = new JsonObject { ["code"] = code, ["parent_code"] = parent };
        foreach (var measure in MapMeasures.Headline)
        {
            row[Column(measure)] = cells.Figures[measure]!.DeepClone();
        }
        foreach (var (subsector, count) in cells.Subsectors)
        {
            row[Column(MapMeasures.CommunitiesIn(subsector))] = count;
        }
        return row;
    }

    /// <summary>code, parent_code, level, name: every province and kab/kota, names quoted.</summary>
    public static string NamesCsv(IReadOnlyList<Province> provinces)
    {
        var text = new System.Text.StringBuilder("code,parent_code,level,name\r\n");
        foreach (var province in provinces)
        {
            text.Append($"{province.Code},{MapMeasures.Nation},province,{Quoted(province.Name)}\r\n");
            foreach (var regency in province.Regencies)
            {
                text.Append($"{regency.Code},{province.Code},regency,{Quoted(regency.Name)}\r\n");
            }
        }
        return text.ToString();
    }

    public static string Quoted(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>RFC 4180 CSV with a header row; every value is a code, a count, "&lt;3" or "x", so none needs quoting.</summary>
    public static string Csv(IEnumerable<JsonObject> rows)
    {
        var text = new System.Text.StringBuilder();
        text.Append(string.Join(',', Columns)).Append("\r\n");
        foreach (var row in rows)
        {
            text.Append(string.Join(',', Columns.Select(c => row[c] is JsonValue v ? Convert.ToString(v.GetValue<object>(), CultureInfo.InvariantCulture) : ""))).Append("\r\n");
        }
        return text.ToString();
    }
}
