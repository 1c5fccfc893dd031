using System.Text.Json.Serialization;

namespace ServerlessKomunitas.Http;

/// <summary>An RFC 9457 problem. <see cref="Title"/> is English for developers; field messages are for people.</summary>
public sealed record Problem(
    string Type,
    string Title,
    int Status,
    string? Detail = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] FieldErrors? Errors = null)
{
    /// <summary>Members particular to one problem type, written beside the standard ones (RFC 9457 §3.2).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?>? Extensions { get; init; }
}

/// <summary>The problems the API answers with. Each <c>type</c> is a stable URN.</summary>
public static class Problems
{
    const string Prefix = "urn:serverless-komunitas:problem:";

    public static IResult Validation(FieldErrors errors) => Write(new Problem(
        Prefix + "validation", "One or more fields are invalid.", StatusCodes.Status400BadRequest,
        "Periksa kembali isian yang ditandai.", errors));

    public static IResult MalformedJson() => Validation(new FieldErrors().Add("body", "malformed-json", "Isi permintaan bukan JSON yang valid."));

    public static IResult TooLarge(long limit) => Write(new Problem(
        Prefix + "payload-too-large", "The request body is too large.", StatusCodes.Status413PayloadTooLarge,
        $"Isi permintaan melebihi batas {limit / 1024} KB.",
        new FieldErrors().Add("body", "too-large", $"Isi permintaan melebihi batas {limit / 1024} KB.")));

    public static IResult UnsupportedMediaType(params string[] accepted) => Write(new Problem(
        Prefix + "unsupported-media-type", "The content type is not supported.", StatusCodes.Status415UnsupportedMediaType,
        $"Kirim sebagai {string.Join(" atau ", accepted)}.",
        new FieldErrors().Add("Content-Type", "unsupported-media-type", $"Kirim sebagai {string.Join(" atau ", accepted)}.")));

    public static IResult TooManyRequests(string field, string message, TimeSpan retryAfter) => new RetryAfterResult(Write(new Problem(
        Prefix + "rate-limited", "Too many requests.", StatusCodes.Status429TooManyRequests, message,
        new FieldErrors().Add(field, "rate-limited", message))), retryAfter);

    /// <summary>Any answer, with the Retry-After header (a page that says "too many" to a browser).</summary>
    public static IResult WithRetryAfter(IResult inner, TimeSpan retryAfter) => new RetryAfterResult(inner, retryAfter);

    public static IResult NotFound(string what) => Write(new Problem(
        Prefix + "not-found", $"The {what} does not exist.", StatusCodes.Status404NotFound, "Data tidak ditemukan."));

    /// <summary>A problem about one field (a link that does not work names the parameter that carried it).</summary>
    public static IResult OfField(int status, string type, string title, string detail, string field) =>
        Write(new Problem(Prefix + type, title, status, detail, new FieldErrors().Add(field, type, detail)));

    /// <summary>RFC 9457's own members, which an extension must not repeat (a second "status" would shadow the number).</summary>
    static readonly string[] StandardMembers = ["type", "title", "status", "detail", "instance", "errors"];

    public static IResult Of(int status, string type, string title, string detail, Dictionary<string, object?>? extensions = null)
    {
        if (extensions?.Keys.FirstOrDefault(k => StandardMembers.Contains(k, StringComparer.OrdinalIgnoreCase)) is { } clash)
        {
            throw new ArgumentException($"The extension member '{clash}' would repeat a standard problem member.", nameof(extensions));
        }
        return Write(new Problem(Prefix + type, title, status, detail) { Extensions = extensions });
    }

    public static IResult Write(Problem problem) =>
        Results.Json(problem, ApiJson.Options, "application/problem+json", problem.Status);

    sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString();
            return inner.ExecuteAsync(httpContext);
        }
    }
}
