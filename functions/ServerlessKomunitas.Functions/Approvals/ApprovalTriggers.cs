using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Functions.Approvals;

public sealed class ApprovalTriggers(ApprovalEndpoints approvals)
{
    [Function(nameof(ApiRoutes.ShowApproval))]
    public Task<IActionResult> ShowApproval(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Approval)] HttpRequest request, string token) =>
        approvals.ShowAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.Decide))]
    public Task<IActionResult> Decide(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Approval)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        approvals.DecideAsync(request, token, client).ExecuteOn(request);
}
