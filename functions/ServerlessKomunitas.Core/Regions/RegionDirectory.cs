using System.Globalization;

namespace ServerlessKomunitas.Regions;

public sealed record Province(string Code, string Name, IndonesianTimeZone Zone, IReadOnlyList<Regency> Regencies);

public sealed record Regency(string Code, string Name, string ProvinceCode);

/// <summary>
/// The Kemendagri provinces and kab/kota, read from the Regions table (loaded by the seed command) and
/// kept in memory: they change by regulation, not by request.
/// </summary>
public sealed class RegionDirectory(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Regions";

    TableClient Table => tables.Client(TableName);

    public const string ProvincePartition = "province";
    public const string RegencyPartition = "regency";
    static readonly TimeSpan RefreshAfter = TimeSpan.FromHours(1);

    readonly SemaphoreSlim loading = new(1, 1);
    Snapshot? current;

    sealed record Snapshot(
        IReadOnlyList<Province> Provinces,
        IReadOnlyDictionary<string, Province> ByProvinceCode,
        IReadOnlyDictionary<string, Regency> ByRegencyCode,
        DateTimeOffset LoadedAt);

    public async Task<IReadOnlyList<Province>> ProvincesAsync(CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken)).Provinces;

    /// <summary>The kab/kota's name, or its code when the reference data does not know it.</summary>
    public async Task<string> RegencyNameAsync(string code, CancellationToken cancellationToken = default) =>
        (await FindRegencyAsync(code, cancellationToken))?.Name ?? code;

    public async Task<Regency?> FindRegencyAsync(string code, CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken)).ByRegencyCode.GetValueOrDefault(code);

    /// <summary>The province's time zone; WIB when the reference data does not know it.</summary>
    public async Task<IndonesianTimeZone> ZoneOfAsync(string provinceCode, CancellationToken cancellationToken = default) =>
        (await FindProvinceAsync(provinceCode, cancellationToken))?.Zone ?? IndonesianTimeZone.WIB;

    public async Task<Province?> FindProvinceAsync(string code, CancellationToken cancellationToken = default) =>
        (await LoadAsync(cancellationToken)).ByProvinceCode.GetValueOrDefault(code);

    /// <summary>The kab/kota of a form's code, or null with the reason recorded under <paramref name="field"/>.</summary>
    public async Task<Regency?> ValidateRegencyAsync(Http.FieldErrors errors, string field, string? code, CancellationToken cancellationToken = default)
    {
        var text = code?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            if (!errors.Has(field))
            {
                errors.Add(field, "required", "Pilih kabupaten/kota.");
            }
            return null;
        }
        var regency = text.Length <= 8 ? await FindRegencyAsync(text, cancellationToken) : null;
        if (regency is null)
        {
            errors.Add(field, "unknown-regency", "Kode kabupaten/kota tidak dikenal.");
        }
        return regency;
    }

    async Task<Snapshot> LoadAsync(CancellationToken cancellationToken)
    {
        var snapshot = current;
        if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < RefreshAfter)
        {
            return snapshot;
        }
        await loading.WaitAsync(cancellationToken);
        try
        {
            if (current is not null && time.GetUtcNow() - current.LoadedAt < RefreshAfter)
            {
                return current;
            }
            current = await ReadAsync(cancellationToken);
            return current;
        }
        finally
        {
            loading.Release();
        }
    }

    async Task<Snapshot> ReadAsync(CancellationToken cancellationToken)
    {
        var regencies = new List<Regency>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == RegencyPartition, cancellationToken: cancellationToken))
        {
            regencies.Add(new Regency(row.RowKey, DisplayName(row.GetString("Name")), row.GetString("ProvinceCode")));
        }
        var byProvince = regencies.ToLookup(r => r.ProvinceCode);
        var provinces = new List<Province>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == ProvincePartition, cancellationToken: cancellationToken))
        {
            var zone = Enum.Parse<IndonesianTimeZone>(row.GetString("Zone"));
            provinces.Add(new Province(row.RowKey, DisplayName(row.GetString("Name")), zone,
                byProvince[row.RowKey].OrderBy(r => r.Code, StringComparer.Ordinal).ToList()));
        }
        provinces.Sort((a, b) => string.CompareOrdinal(a.Code, b.Code));
        return new Snapshot(provinces, provinces.ToDictionary(p => p.Code), regencies.ToDictionary(r => r.Code), time.GetUtcNow());
    }

    static readonly HashSet<string> KeptUpper = ["DKI", "DI"];

    /// <summary>The source lists names in capitals ("KOTA MALANG"); people read "Kota Malang".</summary>
    public static string DisplayName(string official) =>
        string.Join(' ', official.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(word =>
            KeptUpper.Contains(word) ? word : CultureInfo.InvariantCulture.TextInfo.ToTitleCase(word.ToLowerInvariant())));
}
