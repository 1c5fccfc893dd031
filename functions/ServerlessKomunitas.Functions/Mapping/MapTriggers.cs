using ServerlessKomunitas.Mapping;

namespace ServerlessKomunitas.Functions.Mapping;

public sealed class MapTriggers(MapEndpoints map)
{
    [Function(nameof(ApiRoutes.MapArea))]
    public Task<IActionResult> MapArea(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MapArea)] HttpRequest request, string code) =>
        map.ShowAreaAsync(request, code).ExecuteOn(request);

    [Function(nameof(ApiRoutes.OpenData))]
    public Task<IActionResult> OpenData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.OpenData)] HttpRequest request, string file) =>
        map.OpenDataAsync(request, file).ExecuteOn(request);
}
