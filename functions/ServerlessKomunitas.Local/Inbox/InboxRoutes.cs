using ServerlessKomunitas.Inbox;

namespace ServerlessKomunitas.Local.Inbox;

public static class InboxRoutes
{
    public static IEndpointRouteBuilder MapInboxRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.ApproverInbox, (HttpRequest request, InboxEndpoints inbox) => inbox.ShowAsync(request));
        app.MapRoute(ApiRoutes.InboxLinkForm, (HttpRequest request) => InboxLinkRequests.Form(request));
        app.MapRoute(ApiRoutes.RequestInboxLink, (HttpRequest request, InboxLinkRequests linkRequests) => linkRequests.RequestAsync(request));
        return app;
    }
}
