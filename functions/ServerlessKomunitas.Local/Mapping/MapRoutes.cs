using ServerlessKomunitas.Mapping;

namespace ServerlessKomunitas.Local.Mapping;

public static class MapRoutes
{
    public static IEndpointRouteBuilder MapMapRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.MapArea, (HttpRequest request, string code, MapEndpoints map) => map.ShowAreaAsync(request, code));
        app.MapRoute(ApiRoutes.OpenData, (HttpRequest request, string file, MapEndpoints map) => map.OpenDataAsync(request, file));
        return app;
    }
}
