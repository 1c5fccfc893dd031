using System.Net;
using System.Text.RegularExpressions;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// Finds English meant for a person: words that Bahasa Indonesia does not use, in a page's visible text or a problem's
/// messages. Field and parameter names (from, to, key, table) and enum values people type (AnyOf) are not in the list,
/// nor is any word of the letters a-f alone ("be"): the tests' names and addresses carry random hex.
/// </summary>
public static partial class Language
{
    static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "is", "are", "was", "were", "must", "should", "cannot", "please", "one", "of", "and", "or", "not",
        "unknown", "invalid", "required", "error", "failed", "already", "expired", "listed", "unlisted", "approved",
        "rejected", "pending", "withdrawn", "confirmed", "cancelled", "submitted", "system", "this", "that", "with",
    };

    /// <summary>The English words in <paramref name="text"/>, in order.</summary>
    public static IReadOnlyList<string> English(string text) =>
        Words().Matches(text).Select(m => m.Value).Where(EnglishWords.Contains).ToList();

    /// <summary>What a person reads on a page: the text outside tags, styles and comments, entities decoded.</summary>
    public static string VisibleText(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(Hidden().Replace(html, " "), " "));

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Words();

    [GeneratedRegex(@"<(style|script|title)[^>]*>.*?</\1>|<!--.*?-->", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Hidden();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
