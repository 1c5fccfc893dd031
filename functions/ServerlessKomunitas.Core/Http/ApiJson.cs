using System.Text.Encodings.Web;
using System.Text.Json.Serialization;

namespace ServerlessKomunitas.Http;

/// <summary>The API's JSON conventions: camelCase, enums as names, no nulls.</summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Escapes <, >, & and quotes so that user text stays inert if a client pastes it into HTML.
        Encoder = JavaScriptEncoder.Default,
    };
}

/// <summary>JSON answers written with <see cref="ApiJson.Options"/> in both hosts, whatever each host's defaults are.</summary>
public static class ApiResults
{
    public static IResult Ok(object value) => Results.Json(value, ApiJson.Options);

    public static IResult Accepted(string location, object value) => new LocatedResult(location, Results.Json(value, ApiJson.Options, statusCode: StatusCodes.Status202Accepted));

    sealed class LocatedResult(string location, IResult inner) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
