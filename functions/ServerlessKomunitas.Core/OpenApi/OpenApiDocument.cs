namespace ServerlessKomunitas.OpenApi;

/// <summary>Serves the one OpenAPI document (<c>openapi.json</c>, embedded) that both hosts share.</summary>
public static class OpenApiDocument
{
    static readonly EmbeddedFile File = new("ServerlessKomunitas.OpenApi.openapi.json");

    public static IResult Handle() => Results.Bytes(File.Bytes, "application/json");
}
