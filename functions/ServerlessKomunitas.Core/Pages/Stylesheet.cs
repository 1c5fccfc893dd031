using Microsoft.AspNetCore.Http;

namespace ServerlessKomunitas.Pages;

/// <summary>The one shared stylesheet, embedded in Core and served by both hosts.</summary>
public static class Stylesheet
{
    static readonly Lazy<byte[]> Content = new(() =>
    {
        using var stream = typeof(Stylesheet).Assembly.GetManifestResourceStream("ServerlessKomunitas.Pages.site.css")
            ?? throw new InvalidOperationException("site.css is not embedded in the Core assembly.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    });

    public static int Length => Content.Value.Length;

    public static IResult Handle(HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(Content.Value, "text/css; charset=utf-8");
    }
}
