using ServerlessKomunitas.Listings;

namespace ServerlessKomunitas.Functions.Listings;

public sealed class DirectoryTriggers(DirectoryEndpoints directory)
{
    [Function(nameof(ApiRoutes.Directory))]
    public Task<IActionResult> Directory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Directory)] HttpRequest request) =>
        directory.BrowseAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.DirectoryProfile))]
    public Task<IActionResult> DirectoryProfile(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.DirectoryProfile)] HttpRequest request, string id) =>
        directory.ProfileAsync(request, id).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowListing))]
    public Task<IActionResult> ShowListing(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Listing)] HttpRequest request) =>
        directory.ShowListingAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SaveListing))]
    public Task<IActionResult> SaveListing(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Listing)] HttpRequest request) =>
        directory.SaveListingAsync(request).ExecuteOn(request);
}
