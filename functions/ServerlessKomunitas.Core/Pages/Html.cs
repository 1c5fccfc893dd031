using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ServerlessKomunitas.Pages;

/// <summary>Every piece of text that reaches a page or an email goes through <see cref="Encode"/>.</summary>
public static class Html
{
    static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Encode(string? text) => text is null ? "" : Encoder.Encode(text);

    /// <summary>Multi-line text as paragraphs with line breaks, encoded.</summary>
    public static string Paragraphs(string? text) => string.IsNullOrWhiteSpace(text)
        ? ""
        : string.Concat(text.Split("\n\n").Select(p => $"<p>{Encode(p).Replace("\n", "<br>")}</p>"));
}
