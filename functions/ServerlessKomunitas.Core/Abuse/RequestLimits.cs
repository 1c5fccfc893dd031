using System.Security.Cryptography;

namespace ServerlessKomunitas.Abuse;

/// <summary>
/// The limits every anonymous POST and DELETE passes before its handler runs, in both hosts: per client (all routes,
/// an hour) and per link (one token or person link, an hour, from any client), counted in Table Storage so that every
/// instance of a scaled-out app sees the same count. The create forms have their own, stricter limits on top. The
/// SendGrid webhook is not limited here: SendGrid posts in bursts, and its signature already proves the sender.
/// </summary>
public sealed class RequestLimits(RateLimiter limiter, IOptions<RateLimitOptions> options)
{
    static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public static bool Applies(ApiRoute route) =>
        route.Access == RouteAccess.Anonymous && route.Method is "POST" or "DELETE" && route != ApiRoutes.SendGridEvents;

    /// <summary>Null when the request may go on; else the 429 answer, with Retry-After.</summary>
    public async Task<IResult?> CheckAsync(HttpRequest request, ApiRoute route)
    {
        if (!Applies(route))
        {
            return null;
        }
        var cancellationToken = request.HttpContext.RequestAborted;
        var limits = options.Value;
        var client = ClientAddress.HashOf(request, limits);
        var perClient = await limiter.TryConsumeAsync("post", client, Window, limits.PostsPerClientPerHour, cancellationToken: cancellationToken);
        if (!perClient.Allowed)
        {
            return TooMany(request, perClient.RetryAfter, "client", "Terlalu banyak permintaan dari alamat Anda. Coba lagi nanti.");
        }
        if (LinkOf(request, route) is { } link)
        {
            var perLink = await limiter.TryConsumeAsync("post-link", Hash(route.Name + "\n" + link), Window, limits.PostsPerLinkPerHour, cancellationToken: cancellationToken);
            if (!perLink.Allowed)
            {
                return TooMany(request, perLink.RetryAfter, "link", "Tautan ini terlalu sering dipakai dalam satu jam. Coba lagi nanti.");
            }
        }
        return null;
    }

    /// <summary>
    /// The link the request acts through: the <c>k</c> query, or the path when the route has a token or id in it (read
    /// from the path, which both hosts have, rather than route values); null for the create forms.
    /// </summary>
    static string? LinkOf(HttpRequest request, ApiRoute route) =>
        request.Query.TryGetValue("k", out var k) ? k.ToString()
        : route.Template.Contains('{') ? request.Path.Value
        : null;

    static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    static IResult TooMany(HttpRequest request, TimeSpan retryAfter, string field, string message) =>
        Negotiation.PrefersJson(request) || !RequestBody.IsFormPost(request)
            ? Problems.TooManyRequests(field, message, retryAfter)
            : Problems.WithRetryAfter(PageLayout.Render("Terlalu banyak permintaan", $"""
                <h1>Terlalu banyak permintaan</h1>
                <div class="notice warn"><p>{Html.Encode(message)}</p></div>
                """, StatusCodes.Status429TooManyRequests), retryAfter);
}
