using ServerlessKomunitas.Listings;

namespace ServerlessKomunitas.Local.Listings;

public static class DirectoryRoutes
{
    public static IEndpointRouteBuilder MapDirectoryRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.Directory, (HttpRequest request, DirectoryEndpoints directory) => directory.BrowseAsync(request));
        app.MapRoute(ApiRoutes.DirectoryProfile, (HttpRequest request, string id, DirectoryEndpoints directory) => directory.ProfileAsync(request, id));
        app.MapRoute(ApiRoutes.ShowListing, (HttpRequest request, DirectoryEndpoints directory) => directory.ShowListingAsync(request));
        app.MapRoute(ApiRoutes.SaveListing, (HttpRequest request, DirectoryEndpoints directory) => directory.SaveListingAsync(request));
        return app;
    }
}
