using ServerlessKomunitas.Health;
using ServerlessKomunitas.OpenApi;
using ServerlessKomunitas.Pages;

namespace ServerlessKomunitas.Local.Hosting;

public static class SiteRoutes
{
    public static IEndpointRouteBuilder MapSiteRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.Home, HomePage.Handle);
        // The site's root leads to its home page, as a visitor typing the bare address expects.
        app.MapGet("/", () => Results.Redirect(ApiRoutes.Home.Path)).ExcludeFromDescription();
        app.MapRoute(ApiRoutes.Health, (HttpRequest request, HealthEndpoint health) => health.HandleAsync(request));
        app.MapRoute(ApiRoutes.OpenApi, OpenApiDocument.Handle);
        app.MapRoute(ApiRoutes.Stylesheet, (HttpResponse response) => Stylesheet.Handle(response));
        return app;
    }

    /// <summary>
    /// Maps one of Core's routes with its method, path and name, so parity tests can find it. The route rides along as
    /// metadata, for Core's request pipeline (see <see cref="LocalApp"/>) to apply its limits.
    /// </summary>
    public static RouteHandlerBuilder MapRoute(this IEndpointRouteBuilder app, ApiRoute route, Delegate handler) =>
        app.MapMethods(route.Path, [route.Method], handler).WithName(route.Name).WithMetadata(route);
}
