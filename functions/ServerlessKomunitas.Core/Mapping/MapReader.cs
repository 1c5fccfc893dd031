using System.Text.Json.Nodes;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Mapping;

/// <summary>An area of the map, as pages and the API show it: counts of people already protected (see <see cref="SmallCountProtection"/>).</summary>
/// <param name="Figures">Each headline measure: a number, or "&lt;3" or "x" for a protected count of people.</param>
/// <param name="EventsHeldByMonth">The last twelve months, oldest first, in the area's zone ("2026-01").</param>
/// <param name="Trail">The areas above this one, from Indonesia down.</param>
/// <param name="Zone">The area's time zone (WIB for the nation), in which its months and times are shown.</param>
public sealed record AreaView(string Code, string Name, string Level, string? Parent, IReadOnlyList<AreaLink> Trail, string Zone, JsonObject Figures, IReadOnlyDictionary<string, long> CommunitiesBySubsector,
    IReadOnlyList<string> SubsectorsWithoutCommunity, IReadOnlyDictionary<string, long> EventsHeldBySubsector, IReadOnlyDictionary<string, long> EventsHeldByMonth,
    IReadOnlyDictionary<string, long> SupportAskedOf, IReadOnlyList<ChildView> Children);

/// <summary>An area's code and name, for links.</summary>
public sealed record AreaLink(string Code, string Name);

/// <summary>A kab/kota in its province's table, or a province in the nation's.</summary>
public sealed record ChildView(string Code, string Name, JsonObject Figures, IReadOnlyDictionary<string, long> CommunitiesBySubsector);

/// <summary>
/// Reads an area from the aggregates: its own partition, its children's table, and the table it sits in one level
/// up, which decides how its own counts of people are shown. At most three partitions of a few hundred rows each.
/// </summary>
public sealed class MapReader(MapFigureStore store, RegionDirectory regions)
{
    /// <summary>The subsectors a community can name, without "lainnya": the gaps a roadmap must fill are among these.</summary>
    public static IReadOnlyList<string> KnownSubsectors { get; } = [.. Subsectors.Names.Keys.Where(s => s != Subsectors.Other)];

    /// <summary>The area <paramref name="code"/> names ("ID", "63", "63.09"), or null for no such area.</summary>
    public async Task<AreaView?> AreaAsync(string code, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var provinces = await regions.ProvincesAsync(cancellationToken);
        var province = provinces.FirstOrDefault(p => p.Code == code || p.Regencies.Any(r => r.Code == code));
        if (code != MapMeasures.Nation && province is null)
        {
            return null;
        }
        var regency = province?.Regencies.FirstOrDefault(r => r.Code == code);
        var nationTable = store.ChildrenAsync(MapMeasures.Nation, cancellationToken);
        var own = store.AreaAsync(code, cancellationToken);
        var provinceTable = province is null ? Task.FromResult(NoChildren) : store.ChildrenAsync(province.Code, cancellationToken);
        var childNames = regency is not null ? new Dictionary<string, string>()
            : province is not null ? province.Regencies.ToDictionary(r => r.Code, r => r.Name)
            : provinces.ToDictionary(p => p.Code, p => p.Name);
        var nation = Protect(await nationTable, provinces.Select(p => p.Code));
        var inProvince = province is null ? null : Protect(await provinceTable, province.Regencies.Select(r => r.Code));
        var figures = await own;

        // The area's own counts of people are shown as they are in the table one level up.
        var ownCells = regency is not null ? inProvince![regency.Code] : province is not null ? nation[province.Code] : NationTotals(await nationTable, provinces);
        var children = regency is not null ? [] : (province is not null ? inProvince! : nation)
            .Select(c => new ChildView(c.Key, childNames.GetValueOrDefault(c.Key, c.Key), c.Value.Figures, c.Value.Subsectors)).ToList();
        var zone = province?.Zone ?? IndonesianTimeZone.WIB;
        var bySubsector = KnownSubsectors.ToDictionary(s => s, s => figures.GetValueOrDefault(MapMeasures.CommunitiesIn(s)));
        return new AreaView(code, regency?.Name ?? province?.Name ?? "Indonesia", regency is not null ? "regency" : province is not null ? "province" : "nation",
            MapMeasures.ParentOf(code), Trail(province, regency), zone.ToString(), ownCells.Figures, bySubsector, [.. bySubsector.Where(s => s.Value == 0).Select(s => s.Key)],
            KnownSubsectors.ToDictionary(s => s, s => figures.GetValueOrDefault(MapMeasures.EventsHeldIn(s))),
            LastTwelveMonths(now, zone).ToDictionary(m => m, m => figures.GetValueOrDefault(MapMeasures.EventsHeldInMonth(m))),
            Pentahelix.Names.Keys.ToDictionary(e => e, e => figures.GetValueOrDefault(MapMeasures.SupportAskedOf(e))), children);
    }

    static List<AreaLink> Trail(Province? province, Regency? regency) =>
        province is null ? [] : regency is null ? [new(MapMeasures.Nation, "Indonesia")] : [new(MapMeasures.Nation, "Indonesia"), new(province.Code, province.Name)];

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> NoChildren = new Dictionary<string, IReadOnlyDictionary<string, long>>();

    /// <summary>One area's figures as published, and its communities per subsector.</summary>
    public sealed record Cells(JsonObject Figures, IReadOnlyDictionary<string, long> Subsectors);

    /// <summary>A table of children with each count of people protected against the table's total (every count has a kab/kota, so the total is the children's sum).</summary>
    public static Dictionary<string, Cells> Protect(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> table, IEnumerable<string> codes)
    {
        var all = codes.ToDictionary(c => c, c => table.GetValueOrDefault(c) ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        var states = MapMeasures.Headline.Where(MapMeasures.CountsPeople).ToDictionary(m => m, m =>
        {
            var children = all.Select(c => new ChildCount(c.Key, c.Value.GetValueOrDefault(m),
                c.Value.TryGetValue(MapMeasures.WithheldTotal(m), out var least) ? least : null)).ToList();
            return SmallCountProtection.Protect(children.Sum(c => c.Value), children).Cells;
        });
        return all.ToDictionary(c => c.Key, c => new Cells(FiguresOf(c.Value, m => states.TryGetValue(m, out var cells) ? cells[c.Key] : CellState.Shown),
            KnownSubsectors.ToDictionary(s => s, s => c.Value.GetValueOrDefault(MapMeasures.CommunitiesIn(s)))));
    }

    /// <summary>The nation's own totals: withheld where the provinces' table could not be protected otherwise.</summary>
    static Cells NationTotals(IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> table, IReadOnlyList<Province> provinces)
    {
        var totals = MapMeasures.Headline.ToDictionary(m => m, m => provinces.Sum(p => table.GetValueOrDefault(p.Code)?.GetValueOrDefault(m) ?? 0));
        var withheld = MapMeasures.Headline.Where(MapMeasures.CountsPeople).Where(m =>
        {
            var children = provinces.Select(p => table.GetValueOrDefault(p.Code) is { } f
                ? new ChildCount(p.Code, f.GetValueOrDefault(m), f.TryGetValue(MapMeasures.WithheldTotal(m), out var least) ? least : null)
                : new ChildCount(p.Code, 0)).ToList();
            return SmallCountProtection.Protect(children.Sum(c => c.Value), children).TotalWithheld;
        }).ToHashSet();
        return new Cells(FiguresOf(totals, m => withheld.Contains(m) ? CellState.Withheld : totals[m] is > 0 and < 3 ? CellState.Small : CellState.Shown),
            KnownSubsectors.ToDictionary(s => s, s => provinces.Sum(p => table.GetValueOrDefault(p.Code)?.GetValueOrDefault(MapMeasures.CommunitiesIn(s)) ?? 0)));
    }

    static JsonObject FiguresOf(IReadOnlyDictionary<string, long> figures, Func<string, CellState> state)
    {
        var json = new JsonObject();
        foreach (var measure in MapMeasures.Headline)
        {
            var count = figures.GetValueOrDefault(measure);
            json[measure] = state(measure) is CellState.Shown ? JsonValue.Create(count) : JsonValue.Create(SmallCountProtection.Format(count, state(measure)));
        }
        return json;
    }

    /// <summary>The twelve months up to this one in <paramref name="zone"/>, oldest first.</summary>
    public static IReadOnlyList<string> LastTwelveMonths(DateTimeOffset now, IndonesianTimeZone zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone.Info());
        var first = new DateOnly(local.Year, local.Month, 1).AddMonths(-11);
        return [.. Enumerable.Range(0, 12).Select(i => first.AddMonths(i)).Select(m => $"{m.Year:0000}-{m.Month:00}")];
    }
}
