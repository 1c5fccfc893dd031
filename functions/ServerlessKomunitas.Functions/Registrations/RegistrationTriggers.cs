using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Functions.Registrations;

public sealed class RegistrationTriggers(RegistrationEndpoints registrations, ConfirmationEndpoints confirmations)
{
    [Function(nameof(ApiRoutes.RegistrationForm))]
    public Task<IActionResult> RegistrationForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.RegistrationForm)] HttpRequest request) =>
        registrations.FormAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SubmitRegistration))]
    public Task<IActionResult> SubmitRegistration(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Communities)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        registrations.SubmitAsync(request, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.RegistrationStatus))]
    public Task<IActionResult> RegistrationStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Community)] HttpRequest request, string id) =>
        registrations.StatusAsync(request, id).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowConfirmation))]
    public Task<IActionResult> ShowConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Confirmation)] HttpRequest request, string token) =>
        confirmations.ShowAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.Confirm))]
    public Task<IActionResult> Confirm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Confirmation)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        confirmations.ConfirmAsync(request, token, client).ExecuteOn(request);
}
