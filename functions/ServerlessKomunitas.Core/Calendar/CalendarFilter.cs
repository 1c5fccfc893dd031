using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Calendar;

/// <summary>What a reader of the calendar narrows it to; every part optional.</summary>
public sealed record CalendarFilter(string? Province = null, string? Regency = null, string? Subsector = null, string? Kind = null)
{
    /// <summary>The filter as a query string ("?province=35&amp;kind=workshop"), empty when there is none.</summary>
    public string QueryString(params (string Name, string? Value)[] extra)
    {
        var pairs = new (string Name, string? Value)[] { (CalendarRequestReader.Fields.Province, Province), (CalendarRequestReader.Fields.Regency, Regency), (CalendarRequestReader.Fields.Subsector, Subsector), (CalendarRequestReader.Fields.Kind, Kind) }
            .Concat(extra).Where(p => !string.IsNullOrEmpty(p.Value)).ToList();
        return pairs.Count == 0 ? "" : "?" + string.Join("&", pairs.Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
    }
}

/// <summary>A request for the calendar: the filter, how many and from where.</summary>
public sealed record CalendarRequest(CalendarFilter Filter, int Limit, string? Cursor);

/// <summary>Reads the calendar's query string. Unknown places, kinds and subsectors are refused by name, never ignored.</summary>
public sealed class CalendarRequestReader(RegionDirectory regions)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public async Task<(CalendarRequest? Request, FieldErrors Errors)> ReadAsync(IQueryCollection query, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        string? One(string field)
        {
            var values = query[field];
            if (values.Count > 1)
            {
                errors.Add(field, "repeated", "Isi satu nilai saja.");
                return null;
            }
            var value = values.Count == 1 ? values[0]?.Trim() : null;
            return string.IsNullOrEmpty(value) ? null : value;
        }

        var province = One(Fields.Province);
        var regency = One(Fields.Regency);
        var subsector = One(Fields.Subsector);
        var kind = One(Fields.Kind);
        var limitText = One(Fields.Limit);
        var cursor = One(Fields.Cursor);

        if (province is not null && (province.Length > 8 || await regions.FindProvinceAsync(province, cancellationToken) is null))
        {
            errors.Add(Fields.Province, "unknown", "Provinsi tidak dikenal; pakai kode provinsi, misalnya 35 untuk Jawa Timur.");
        }
        if (regency is not null)
        {
            var found = regency.Length > 16 ? null : await regions.FindRegencyAsync(regency, cancellationToken);
            if (found is null)
            {
                errors.Add(Fields.Regency, "unknown", "Kabupaten/kota tidak dikenal; pakai kodenya, misalnya 35.73 untuk Kota Malang.");
            }
            else if (province is not null && found.ProvinceCode != province)
            {
                errors.Add(Fields.Regency, "outside-province", "Kabupaten/kota ini tidak berada di provinsi yang dipilih.");
            }
        }
        if (subsector is not null && !Subsectors.IsKnown(subsector))
        {
            errors.Add(Fields.Subsector, "unknown", "Subsektor tidak dikenal.");
        }
        if (kind is not null && !EventKinds.Names.ContainsKey(kind))
        {
            errors.Add(Fields.Kind, "unknown", "Jenis kegiatan tidak dikenal.");
        }
        var limit = DefaultLimit;
        if (limitText is not null && (!int.TryParse(limitText, System.Globalization.NumberStyles.None, null, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add(Fields.Limit, "out-of-range", $"Jumlah per halaman harus 1 sampai {MaxLimit}.");
        }
        if (cursor is not null && !EventCalendar.IsWellFormedCursor(cursor))
        {
            errors.Add(Fields.Cursor, "invalid", "Penanda halaman tidak valid; mulai lagi dari halaman pertama.");
        }
        return errors.IsEmpty
            ? (new CalendarRequest(new CalendarFilter(province, regency, subsector, kind), limit, cursor), errors)
            : (null, errors);
    }

    /// <summary>The query parameters, the public contract's names.</summary>
    public static class Fields
    {
        public const string Province = "province";
        public const string Regency = "regency";
        public const string Subsector = "subsector";
        public const string Kind = "kind";
        public const string Limit = "limit";
        public const string Cursor = "cursor";
    }
}
