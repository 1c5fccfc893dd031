using System.Globalization;
using System.Text;

namespace ServerlessKomunitas.Mapping;

/// <summary>
/// The map's charts, drawn on the server as SVG that needs no script: each is an image with a title and a
/// description for screen readers, and its numbers stand in a table beside it. Colours are presentation attributes
/// (the pages' CSP allows no inline style), and each chart's drawing is narrow enough that its text stays readable
/// on a 360 px screen.
/// </summary>
public static class MapCharts
{
    const string Bar = "#0b5cad";
    const string Text = "#1a1a1a";

    static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Horizontal bars, one per label, each with its count at its end.</summary>
    public static string Bars(string id, string title, IReadOnlyList<(string Label, long Value)> bars)
    {
        const double width = 320, labelHeight = 16, barHeight = 12, gap = 8, countWidth = 36;
        var max = Math.Max(1, bars.Count == 0 ? 1 : bars.Max(b => b.Value));
        var rowHeight = labelHeight + barHeight + gap;
        var svg = new StringBuilder();
        svg.Append(Open(id, title, $"{bars.Count} batang; angkanya ada di tabel di sebelahnya.", width, Math.Max(rowHeight, bars.Count * rowHeight)));
        for (var i = 0; i < bars.Count; i++)
        {
            var (label, value) = bars[i];
            var y = i * rowHeight;
            var length = (width - countWidth) * value / max;
            svg.Append($"""<text x="0" y="{N(y + 12)}" font-size="12" fill="{Text}">{Html.Encode(label)}</text>""");
            svg.Append($"""<rect x="0" y="{N(y + labelHeight)}" width="{N(Math.Max(value > 0 ? 2 : 0, length))}" height="{N(barHeight)}" fill="{Bar}"/>""");
            svg.Append($"""<text x="{N(length + 4)}" y="{N(y + labelHeight + 10)}" font-size="11" fill="{Text}">{value}</text>""");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>A line over the months, oldest first, with a dot and its count at each month.</summary>
    public static string Line(string id, string title, IReadOnlyList<(string Month, long Value)> points)
    {
        const double width = 320, height = 150, left = 8, right = 8, top = 18, bottom = 24;
        var max = Math.Max(1, points.Count == 0 ? 1 : points.Max(p => p.Value));
        var step = points.Count > 1 ? (width - left - right) / (points.Count - 1) : 0;
        double X(int i) => left + i * step;
        double Y(long v) => top + (height - top - bottom) * (1 - v / (double)max);
        var svg = new StringBuilder(Open(id, title, $"Garis {points.Count} bulan; angkanya ada di tabel di sebelahnya.", width, height));
        svg.Append($"""<line x1="{N(left)}" y1="{N(height - bottom)}" x2="{N(width - right)}" y2="{N(height - bottom)}" stroke="#767676"/>""");
        svg.Append($"""<polyline fill="none" stroke="{Bar}" stroke-width="2" points="{string.Join(' ', points.Select((p, i) => $"{N(X(i))},{N(Y(p.Value))}"))}"/>""");
        for (var i = 0; i < points.Count; i++)
        {
            svg.Append($"""<circle cx="{N(X(i))}" cy="{N(Y(points[i].Value))}" r="3" fill="{Bar}"/>""");
            svg.Append($"""<text x="{N(X(i))}" y="{N(Y(points[i].Value) - 6)}" font-size="10" text-anchor="middle" fill="{Text}">{points[i].Value}</text>""");
            // Every other month, counted back from the latest, so that the latest always has its label and none overlap.
            if ((points.Count - 1 - i) % 2 == 0)
            {
                svg.Append($"""<text x="{N(X(i))}" y="{N(height - 8)}" font-size="10" text-anchor="{(i == 0 ? "start" : i == points.Count - 1 ? "end" : "middle")}" fill="{Text}">{Html.Encode(MonthLabel(points[i].Month))}</text>""");
            }
        }
        return svg.Append("</svg>").ToString();
    }

    static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"];

    /// <summary>"2026-11" as "Nov 26".</summary>
    public static string MonthLabel(string month) =>
        month.Length == 7 && int.TryParse(month[5..], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m is >= 1 and <= 12 ? $"{Months[m - 1]} {month[2..4]}" : month;

    /// <summary>
    /// Indonesia as a tile grid: one tile per province in rough geographic position (west to east, north to south),
    /// shaded by its value in five steps, each a link to the province's page.
    /// </summary>
    public static string TileGrid(string id, string title, IReadOnlyList<(string Code, string Name, long Value, string Shown)> provinces, Func<string, string> link)
    {
        const double tile = 40, pad = 2;
        var max = Math.Max(1, provinces.Count == 0 ? 1 : provinces.Max(p => p.Value));
        var svg = new StringBuilder(Open(id, title, "Satu kotak per provinsi, makin gelap makin banyak; angkanya ada di tabel di bawahnya.",
            TileColumns * tile, TileRows * tile));
        foreach (var (code, name, value, shown) in provinces)
        {
            if (!TilePositions.TryGetValue(code, out var at))
            {
                continue;
            }
            var step = value <= 0 ? 0 : (int)Math.Ceiling(4.0 * value / max);
            svg.Append($"""<a href="{Html.Encode(link(code))}"><title>{Html.Encode(name)}: {Html.Encode(shown)}</title>""");
            svg.Append($"""<rect x="{N(at.Column * tile + pad)}" y="{N(at.Row * tile + pad)}" width="{N(tile - 2 * pad)}" height="{N(tile - 2 * pad)}" rx="3" fill="{Shades[step]}" stroke="#767676"/>""");
            svg.Append($"""<text x="{N(at.Column * tile + tile / 2)}" y="{N(at.Row * tile + tile / 2 + 4)}" font-size="11" text-anchor="middle" fill="{(step >= 3 ? "#ffffff" : Text)}">{code}</text></a>""");
        }
        return svg.Append("</svg>").ToString();
    }

    /// <summary>Zero, then four steps of blue; the two darkest take white text (contrast above 4.5:1 both ways).</summary>
    public static IReadOnlyList<string> Shades { get; } = ["#f2f2f2", "#d6e6f5", "#9cc3e8", "#2f73b8", "#0b3d75"];

    const int TileColumns = 16;
    const int TileRows = 8;

    /// <summary>Each province's tile, column and row: Sumatra to the west, Java and Nusa Tenggara to the south, Papua to the east.</summary>
    public static IReadOnlyDictionary<string, (int Column, int Row)> TilePositions { get; } = new Dictionary<string, (int, int)>
    {
        ["11"] = (0, 0), ["12"] = (1, 1), ["14"] = (2, 1), ["21"] = (3, 1), ["13"] = (1, 2), ["15"] = (2, 2), ["19"] = (3, 2), ["17"] = (2, 3),
        ["16"] = (3, 3), ["18"] = (3, 4), ["36"] = (4, 5), ["31"] = (5, 5), ["32"] = (5, 6), ["33"] = (6, 6), ["34"] = (6, 7), ["35"] = (7, 6),
        ["51"] = (8, 6), ["52"] = (9, 6), ["53"] = (10, 6), ["61"] = (5, 2), ["62"] = (6, 2), ["63"] = (7, 2), ["64"] = (7, 1), ["65"] = (7, 0),
        ["71"] = (10, 0), ["75"] = (9, 1), ["72"] = (9, 2), ["76"] = (8, 2), ["73"] = (8, 3), ["74"] = (9, 3), ["82"] = (11, 1), ["81"] = (11, 3),
        ["96"] = (12, 2), ["92"] = (13, 2), ["94"] = (14, 3), ["91"] = (15, 2), ["95"] = (15, 3), ["93"] = (15, 4),
    };

    static string Open(string id, string title, string description, double width, double height) =>
        $"""<svg class="chart" viewBox="0 0 {N(width)} {N(height)}" role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg"><title id="{id}-t">{Html.Encode(title)}</title><desc id="{id}-d">{Html.Encode(description)}</desc>""";
}
