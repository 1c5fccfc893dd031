using ServerlessKomunitas.Health;
using ServerlessKomunitas.Hosting;
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
    /// Maps one of Core's routes with its method, path and name, so parity tests can find it; anonymous POSTs and
    /// DELETEs pass the request limits first, as the Functions middleware makes them.
    /// </summary>
    public static RouteHandlerBuilder MapRoute(this IEndpointRouteBuilder app, ApiRoute route, Delegate handler)
    {
        var endpoint = app.MapMethods(route.Path, [route.Method], handler).WithName(route.Name);
        if (ServerlessKomunitas.Abuse.RequestLimits.Applies(route))
        {
            endpoint.AddEndpointFilter(async (context, next) =>
                await context.HttpContext.RequestServices.GetRequiredService<ServerlessKomunitas.Abuse.RequestLimits>().CheckAsync(context.HttpContext.Request, route)
                ?? await next(context));
        }
        return endpoint;
    }
}
