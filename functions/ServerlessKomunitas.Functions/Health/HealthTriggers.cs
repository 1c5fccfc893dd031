using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessKomunitas.Functions.Hosting;
using ServerlessKomunitas.Health;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.OpenApi;

namespace ServerlessKomunitas.Functions.Health;

public static class HealthTriggers
{
    [Function(nameof(ApiRoutes.Health))]
    public static Task<IActionResult> Health(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Health)] HttpRequest request) =>
        HealthEndpoint.Handle().ExecuteOn(request);

    [Function(nameof(ApiRoutes.OpenApi))]
    public static Task<IActionResult> OpenApi(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.OpenApi)] HttpRequest request) =>
        OpenApiDocument.Handle().ExecuteOn(request);
}
