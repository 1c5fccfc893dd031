using ServerlessKomunitas.Health;
using ServerlessKomunitas.OpenApi;
using ServerlessKomunitas.Pages;

namespace ServerlessKomunitas.Functions.Site;

public sealed class SiteTriggers(HealthEndpoint health)
{
    [Function(nameof(ApiRoutes.Home))]
    public static Task<IActionResult> Home(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Home)] HttpRequest request) =>
        HomePage.Handle().ExecuteOn(request);

    [Function(nameof(ApiRoutes.Health))]
    public Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Health)] HttpRequest request) =>
        health.HandleAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.OpenApi))]
    public static Task<IActionResult> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.OpenApi)] HttpRequest request) =>
        OpenApiDocument.Handle().ExecuteOn(request);

    [Function(nameof(ApiRoutes.Stylesheet))]
    public static Task<IActionResult> Stylesheet(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Stylesheet)] HttpRequest request) =>
        Pages.Stylesheet.Handle(request.HttpContext.Response).ExecuteOn(request);
}
