using ServerlessKomunitas.Inbox;

namespace ServerlessKomunitas.Functions.Inbox;

public sealed class InboxTriggers(InboxEndpoints inbox)
{
    [Function(nameof(ApiRoutes.ApproverInbox))]
    public Task<IActionResult> ApproverInbox(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Inbox)] HttpRequest request) =>
        inbox.ShowAsync(request).ExecuteOn(request);
}
