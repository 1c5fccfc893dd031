using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Local.Proposals;

public static class ProposalRoutes
{
    public static IEndpointRouteBuilder MapProposalRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.ProposalForm, (HttpRequest request, ProposalEndpoints endpoints) => endpoints.FormAsync(request));
        app.MapRoute(ApiRoutes.SubmitProposal, (HttpRequest request, ProposalEndpoints endpoints, DurableTaskClient client) => endpoints.SubmitAsync(request, client));
        app.MapRoute(ApiRoutes.ProposalStatus, (HttpRequest request, string id, ProposalEndpoints endpoints) => endpoints.StatusAsync(request, id));
        app.MapRoute(ApiRoutes.ShowProposalConfirmation, (HttpRequest request, string token, ProposalEndpoints endpoints) => endpoints.ShowConfirmAsync(request, token));
        app.MapRoute(ApiRoutes.ConfirmProposal, (HttpRequest request, string token, ProposalEndpoints endpoints, DurableTaskClient client) => endpoints.ConfirmAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowProposalEdit, (HttpRequest request, string token, ProposalEndpoints endpoints) => endpoints.ShowEditAsync(request, token));
        app.MapRoute(ApiRoutes.EditProposal, (HttpRequest request, string token, ProposalEndpoints endpoints, DurableTaskClient client) => endpoints.EditAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowProposalWithdrawal, (HttpRequest request, string token, ProposalEndpoints endpoints) => endpoints.ShowWithdrawAsync(request, token));
        app.MapRoute(ApiRoutes.WithdrawProposal, (HttpRequest request, string token, ProposalEndpoints endpoints, DurableTaskClient client) => endpoints.WithdrawAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowEventConfirmation, (HttpRequest request, string token, ProposalEndpoints endpoints) => endpoints.ShowConfirmEventAsync(request, token));
        app.MapRoute(ApiRoutes.ConfirmEvent, (HttpRequest request, string token, ProposalEndpoints endpoints, DurableTaskClient client) => endpoints.ConfirmEventAsync(request, token, client));
        return app;
    }
}
