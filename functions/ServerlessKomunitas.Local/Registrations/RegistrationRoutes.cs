using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Local.Registrations;

public static class RegistrationRoutes
{
    public static IEndpointRouteBuilder MapRegistrationRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.RegistrationForm, (HttpRequest request, RegistrationEndpoints endpoints) => endpoints.FormAsync(request));
        app.MapRoute(ApiRoutes.SubmitRegistration, (HttpRequest request, RegistrationEndpoints endpoints, DurableTaskClient client) => endpoints.SubmitAsync(request, client));
        app.MapRoute(ApiRoutes.RegistrationStatus, (HttpRequest request, string id, RegistrationEndpoints endpoints) => endpoints.StatusAsync(request, id));
        app.MapRoute(ApiRoutes.ShowConfirmation, (HttpRequest request, string token, ConfirmationEndpoints endpoints) => endpoints.ShowAsync(request, token));
        app.MapRoute(ApiRoutes.Confirm, (HttpRequest request, string token, ConfirmationEndpoints endpoints, DurableTaskClient client) => endpoints.ConfirmAsync(request, token, client));
        app.MapRoute(ApiRoutes.ShowApproval, (HttpRequest request, string token, ApprovalEndpoints endpoints) => endpoints.ShowAsync(request, token));
        app.MapRoute(ApiRoutes.Decide, (HttpRequest request, string token, ApprovalEndpoints endpoints, DurableTaskClient client) => endpoints.DecideAsync(request, token, client));
        return app;
    }
}
