using Microsoft.Net.Http.Headers;

namespace ServerlessKomunitas.Http;

/// <summary>Browsers get pages; everything else gets JSON.</summary>
public static class Negotiation
{
    /// <summary>
    /// For links opened from emails, where pages are the default: true only when a client asks for JSON and
    /// does not rank HTML at least as high.
    /// </summary>
    public static bool PrefersJson(HttpRequest request) =>
        !PrefersHtml(request) && request.Headers.Accept.ToString().Contains("json", StringComparison.OrdinalIgnoreCase);

    /// <summary>True when the Accept header ranks text/html above application/json.</summary>
    public static bool PrefersHtml(HttpRequest request)
    {
        if (!MediaTypeHeaderValue.TryParseList(request.Headers.Accept.Select(v => v ?? "").ToList(), out var accepted) || accepted.Count == 0)
        {
            return false;
        }
        double Quality(string mediaType) => accepted
            .Where(a => a.MediaType.Equals(mediaType, StringComparison.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1.0)
            .DefaultIfEmpty(0)
            .Max();
        var html = Quality("text/html");
        return html > 0 && html >= Quality("application/json");
    }
}
