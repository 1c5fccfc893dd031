namespace ServerlessKomunitas.Http;

/// <summary>
/// What a request gets when storage or the network fails under it (Table Storage answering 5xx or timing out, a
/// connection dropped): 503 with Retry-After, as problem+json or a page in Bahasa Indonesia, not a 500. Whatever
/// the request had written stays consistent: every write is one conditional row or one batch, and a repeat of the
/// request finds and finishes it.
/// </summary>
public static class Outages
{
    static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsOutage(Exception exception) => exception switch
    {
        RequestFailedException { Status: >= 500 or 408 or 0 } => true,
        // A table the app has not managed to create yet (see TableCreation): storage is not ready, and a retry will do.
        RequestFailedException { Status: 404, ErrorCode: "TableNotFound" } => true,
        IOException or TimeoutException or HttpRequestException => true,
        // Twilio still failing after the pipeline's retries (WhatsAppFeature): the message is claimed, and a repeat sends it.
        Twilio.Exceptions.ApiException { Status: >= 500 or 429 } => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsOutage),
        _ => exception.InnerException is { } inner && IsOutage(inner),
    };

    public static IResult Answer(HttpRequest request)
    {
        const string message = "Layanan penyimpanan sedang terganggu. Tidak ada yang hilang; coba kirim lagi sebentar lagi.";
        return Problems.WithRetryAfter(Negotiation.PrefersJson(request) || !Negotiation.PrefersHtml(request)
            ? Problems.Of(StatusCodes.Status503ServiceUnavailable, "unavailable", "Storage is unavailable for the moment.", message)
            : PageLayout.Render("Sedang terganggu", $"""<h1>Sedang terganggu</h1><div class="notice warn"><p>{Html.Encode(message)}</p></div>""",
                StatusCodes.Status503ServiceUnavailable), RetryAfter);
    }
}
