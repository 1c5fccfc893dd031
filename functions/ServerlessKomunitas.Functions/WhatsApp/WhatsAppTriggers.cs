using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Functions.WhatsApp;

public sealed class WhatsAppTriggers(TwilioWebhook webhook)
{
    [Function(nameof(ApiRoutes.TwilioEvents))]
    public Task<IActionResult> TwilioEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.TwilioWebhook)] HttpRequest request) =>
        webhook.ReceiveAsync(request).ExecuteOn(request);
}
