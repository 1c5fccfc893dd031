using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Functions.Proposals;

public sealed class ProposalTriggers(ProposalEndpoints proposals)
{
    [Function(nameof(ApiRoutes.ProposalForm))]
    public Task<IActionResult> ProposalForm(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.ProposalForm)] HttpRequest request) =>
        proposals.FormAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SubmitProposal))]
    public Task<IActionResult> SubmitProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Proposals)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        proposals.SubmitAsync(request, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ProposalStatus))]
    public Task<IActionResult> ProposalStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Proposal)] HttpRequest request, string id) =>
        proposals.StatusAsync(request, id).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowProposalConfirmation))]
    public Task<IActionResult> ShowProposalConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.ProposalConfirmation)] HttpRequest request, string token) =>
        proposals.ShowConfirmAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ConfirmProposal))]
    public Task<IActionResult> ConfirmProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.ProposalConfirmation)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        proposals.ConfirmAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowProposalEdit))]
    public Task<IActionResult> ShowProposalEdit(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.ProposalEdit)] HttpRequest request, string token) =>
        proposals.ShowEditAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.EditProposal))]
    public Task<IActionResult> EditProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.ProposalEdit)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        proposals.EditAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowProposalWithdrawal))]
    public Task<IActionResult> ShowProposalWithdrawal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.ProposalWithdrawal)] HttpRequest request, string token) =>
        proposals.ShowWithdrawAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.WithdrawProposal))]
    public Task<IActionResult> WithdrawProposal(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.ProposalWithdrawal)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        proposals.WithdrawAsync(request, token, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowEventConfirmation))]
    public Task<IActionResult> ShowEventConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.EventConfirmation)] HttpRequest request, string token) =>
        proposals.ShowConfirmEventAsync(request, token).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ConfirmEvent))]
    public Task<IActionResult> ConfirmEvent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.EventConfirmation)] HttpRequest request, string token,
        [DurableClient] DurableTaskClient client) =>
        proposals.ConfirmEventAsync(request, token, client).ExecuteOn(request);
}
