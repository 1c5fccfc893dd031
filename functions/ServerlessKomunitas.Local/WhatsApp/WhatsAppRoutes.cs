using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Local.WhatsApp;

public static class WhatsAppRoutes
{
    public static IEndpointRouteBuilder MapWhatsAppRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.TwilioEvents, (HttpRequest request, TwilioWebhook webhook) => webhook.ReceiveAsync(request));
        return app;
    }
}
