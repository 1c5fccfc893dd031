using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Local.WhatsApp;

public static class WhatsAppRoutes
{
    public static IEndpointRouteBuilder MapWhatsAppRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.TwilioEvents, (HttpRequest request, TwilioWebhook webhook) => webhook.ReceiveAsync(request));
        app.MapRoute(ApiRoutes.ChangeWhatsApp, (HttpRequest request, WhatsAppOptIn optIn) => optIn.ChangeAsync(request));
        app.MapRoute(ApiRoutes.ChangeCoordinatorWhatsApp, (HttpRequest request, WhatsAppOptIn optIn) => optIn.ChangeForCoordinatorAsync(request));
        app.MapRoute(ApiRoutes.ShowWhatsAppConfirmation, (HttpRequest request, WhatsAppOptIn optIn) => optIn.ShowConfirmationAsync(request));
        app.MapRoute(ApiRoutes.ConfirmWhatsApp, (HttpRequest request, WhatsAppOptIn optIn) => optIn.ConfirmAsync(request));
        return app;
    }
}
