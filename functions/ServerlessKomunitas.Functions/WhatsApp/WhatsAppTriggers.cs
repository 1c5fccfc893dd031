using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Functions.WhatsApp;

public sealed class WhatsAppTriggers(TwilioWebhook webhook, WhatsAppOptIn optIn)
{
    [Function(nameof(ApiRoutes.TwilioEvents))]
    public Task<IActionResult> TwilioEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.TwilioWebhook)] HttpRequest request) =>
        webhook.ReceiveAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ChangeWhatsApp))]
    public Task<IActionResult> ChangeWhatsApp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.WhatsAppPreferences)] HttpRequest request) =>
        optIn.ChangeAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ChangeCoordinatorWhatsApp))]
    public Task<IActionResult> ChangeCoordinatorWhatsApp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.InboxWhatsApp)] HttpRequest request) =>
        optIn.ChangeForCoordinatorAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowWhatsAppConfirmation))]
    public Task<IActionResult> ShowWhatsAppConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.WhatsAppConfirmation)] HttpRequest request) =>
        optIn.ShowConfirmationAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ConfirmWhatsApp))]
    public Task<IActionResult> ConfirmWhatsApp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.WhatsAppConfirmation)] HttpRequest request) =>
        optIn.ConfirmAsync(request).ExecuteOn(request);
}
