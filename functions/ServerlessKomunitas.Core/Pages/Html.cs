using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace ServerlessKomunitas.Pages;

/// <summary>Every piece of text that reaches a page or an email goes through <see cref="Encode"/>.</summary>
public static class Html
{
    static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    /// <summary>Encodes for HTML text and attributes. Line breaks stay line breaks (the encoder would write them as &amp;#xA;).</summary>
    public static string Encode(string? text) => text is null
        ? ""
        : text.Contains('\n') ? string.Join('\n', text.Split('\n').Select(Encoder.Encode)) : Encoder.Encode(text);

    /// <summary>Multi-line text as paragraphs with line breaks, encoded.</summary>
    public static string Paragraphs(string? text) => string.IsNullOrWhiteSpace(text)
        ? ""
        : string.Concat(text.Split("\n\n").Select(p => $"<p>{Encode(p).Replace("\n", "<br>")}</p>"));
}
