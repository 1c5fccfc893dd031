using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessKomunitas.Functions.Hosting;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Functions.Registrations;

public sealed class RegistrationTriggers(RegistrationEndpoints endpoints)
{
    [Function(nameof(ApiRoutes.RegistrationForm))]
    public Task<IActionResult> RegistrationForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.RegistrationForm)] HttpRequest request) =>
        endpoints.FormAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SubmitRegistration))]
    public Task<IActionResult> SubmitRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Communities)] HttpRequest request) =>
        endpoints.SubmitAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.RegistrationStatus))]
    public Task<IActionResult> RegistrationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Community)] HttpRequest request, string id) =>
        endpoints.StatusAsync(request, id).ExecuteOn(request);
}
