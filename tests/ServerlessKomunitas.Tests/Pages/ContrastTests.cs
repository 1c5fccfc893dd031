using System.Globalization;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Pages;

/// <summary>WCAG 2.2 AA: 4.5:1 for text, 3:1 for focus rings and borders that carry meaning, read from the stylesheet itself.</summary>
public class ContrastTests
{
    static readonly Dictionary<string, string> Colours = ReadColours();

    [Theory]
    [InlineData("--ink", "--bg", 4.5)]        // body text
    [InlineData("--ink", "#fff", 4.5)]        // text on cards and inputs
    [InlineData("--muted", "#fff", 4.5)]      // hints and footnotes
    [InlineData("--muted", "--bg", 4.5)]      // footer text
    [InlineData("--accent", "#fff", 4.5)]     // links, secondary buttons
    [InlineData("--accent", "--bg", 4.5)]     // links on the page
    [InlineData("#fff", "--accent", 4.5)]     // primary button text
    [InlineData("#fff", "--error", 4.5)]      // danger button text
    [InlineData("--error", "#fff", 4.5)]      // error messages
    [InlineData("--error", "--bg", 4.5)]      // error messages on the page
    [InlineData("--ink", "--bg", 3.0)]        // focus ring
    [InlineData("--ok", "#fff", 3.0)]         // success border
    [InlineData("#767676", "#fff", 3.0)]      // input borders
    public void Colour_pairs_meet_the_contrast_minimum(string foreground, string background, double minimum)
    {
        var ratio = Ratio(Resolve(foreground), Resolve(background));

        Assert.True(ratio >= minimum, $"{foreground} on {background}: {ratio:F2}:1, needs {minimum}:1.");
    }

    static string Resolve(string colour) => colour.StartsWith("--", StringComparison.Ordinal) ? Colours[colour] : colour;

    static double Ratio(string a, string b)
    {
        var (l1, l2) = (Luminance(a), Luminance(b));
        return (Math.Max(l1, l2) + 0.05) / (Math.Min(l1, l2) + 0.05);
    }

    static double Luminance(string hex)
    {
        hex = hex.TrimStart('#');
        if (hex.Length == 3)
        {
            hex = string.Concat(hex.Select(c => $"{c}{c}"));
        }
        double Channel(int i)
        {
            var c = int.Parse(hex.Substring(i, 2), NumberStyles.HexNumber) / 255.0;
            return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(0) + 0.7152 * Channel(2) + 0.0722 * Channel(4);
    }

    static Dictionary<string, string> ReadColours()
    {
        var css = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "functions", "ServerlessKomunitas.Core", "Pages", "site.css"));
        return Regex.Matches(css, @"(--[a-z]+):\s*(#[0-9a-fA-F]{3,6})").ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }
}
