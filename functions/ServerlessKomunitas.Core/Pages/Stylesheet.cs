namespace ServerlessKomunitas.Pages;

/// <summary>The one shared stylesheet, embedded in Core and served by both hosts.</summary>
public static class Stylesheet
{
    static readonly EmbeddedFile File = new("ServerlessKomunitas.Pages.site.css");

    public static int Length => File.Bytes.Length;

    public static IResult Handle(HttpResponse response)
    {
        response.Headers.CacheControl = "public, max-age=3600";
        response.Headers.XContentTypeOptions = "nosniff";
        return Results.Bytes(File.Bytes, "text/css; charset=utf-8");
    }
}
