using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Functions.Members;

public sealed class MemberTriggers(MemberEndpoints members)
{
    [Function(nameof(ApiRoutes.MemberForm))]
    public Task<IActionResult> MemberForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MemberForm)] HttpRequest request) =>
        members.FormAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SignUpMember))]
    public Task<IActionResult> SignUpMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Members)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        members.SignUpAsync(request, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowMemberConfirmation))]
    public Task<IActionResult> ShowMemberConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MemberConfirmation)] HttpRequest request, string token) =>
        members.ShowConfirmAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ConfirmMember))]
    public Task<IActionResult> ConfirmMember(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MemberConfirmation)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        members.ConfirmAsync(request, token, client).ExecuteOn(request);
}
