using ServerlessKomunitas.Inbox;

namespace ServerlessKomunitas.Functions.Inbox;

public sealed class InboxTriggers(InboxEndpoints inbox, InboxLinkRequests linkRequests)
{
    [Function(nameof(ApiRoutes.ApproverInbox))]
    public Task<IActionResult> ApproverInbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Inbox)] HttpRequest request) =>
        inbox.ShowAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.InboxLinkForm))]
    public static Task<IActionResult> InboxLinkForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.InboxLink)] HttpRequest request) =>
        InboxLinkRequests.Form(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.RequestInboxLink))]
    public Task<IActionResult> RequestInboxLink(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.InboxLink)] HttpRequest request) =>
        linkRequests.RequestAsync(request).ExecuteOn(request);
}
