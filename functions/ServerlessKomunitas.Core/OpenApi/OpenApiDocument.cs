using Microsoft.AspNetCore.Http;

namespace ServerlessKomunitas.OpenApi;

/// <summary>Serves the one OpenAPI document (<c>openapi.json</c>, embedded) that both hosts share.</summary>
public static class OpenApiDocument
{
    static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("ServerlessKomunitas.OpenApi.openapi.json")
            ?? throw new InvalidOperationException("openapi.json is not embedded in the Core assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static ReadOnlyMemory<byte> Json => Content.Value;

    public static IResult Handle() => Results.Bytes(Content.Value, "application/json");
}
