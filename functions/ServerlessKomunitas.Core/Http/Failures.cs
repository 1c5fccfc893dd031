using System.Diagnostics;

namespace ServerlessKomunitas.Http;

/// <summary>
/// What a request gets when its handling throws, in both hosts (through <see cref="RequestPipeline"/>) and in every environment (`npm start` runs in
/// Development, and a developer exception page would show the exception to whoever sent the request): a storage or
/// network failure is a 503 with Retry-After (<see cref="Outages"/>); anything else is a 500 problem+json (or a page
/// in Bahasa Indonesia) that carries the trace id to quote, and never the exception's text.
/// </summary>
public static class Failures
{
    /// <summary>
    /// Logs the failure under <paramref name="route"/> (the route's name: its path may carry a token, which is a secret)
    /// and returns the answer for it.
    /// </summary>
    public static IResult Answer(HttpRequest request, string route, Exception exception)
    {
        var log = request.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("ServerlessKomunitas.Failures");
        if (Outages.IsOutage(exception))
        {
            log.LogWarning(exception, "{Route} met a storage or network failure; answered 503", route);
            return Outages.Answer(request);
        }
        var traceId = Activity.Current?.TraceId.ToString() ?? request.HttpContext.TraceIdentifier;
        log.LogError(exception, "{Route} failed unexpectedly (trace {TraceId}); answered 500", route, traceId);
        var message = $"Terjadi kesalahan di sisi kami. Coba lagi sebentar lagi; bila terus terjadi, sebutkan kode {traceId} kepada pengelola.";
        return Negotiation.PrefersHtml(request) && !Negotiation.PrefersJson(request)
            ? PageLayout.Render("Terjadi kesalahan", $"""<h1>Terjadi kesalahan</h1><div class="notice warn"><p>{Html.Encode(message)}</p></div>""",
                StatusCodes.Status500InternalServerError)
            : Problems.Of(StatusCodes.Status500InternalServerError, "unexpected", "An unexpected error occurred.", message,
                new Dictionary<string, object?> { ["traceId"] = traceId });
    }
}
