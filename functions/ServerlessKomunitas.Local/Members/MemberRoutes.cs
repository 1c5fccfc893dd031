using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Local.Members;

public static class MemberRoutes
{
    public static IEndpointRouteBuilder MapMemberRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.MemberForm, (HttpRequest request, MemberEndpoints members) => members.FormAsync(request));
        app.MapRoute(ApiRoutes.SignUpMember, (HttpRequest request, MemberEndpoints members, DurableTaskClient client) => members.SignUpAsync(request, client));
        app.MapRoute(ApiRoutes.ShowMemberConfirmation, (HttpRequest request, string token, MemberEndpoints members) => members.ShowConfirmAsync(request, token));
        app.MapRoute(ApiRoutes.ConfirmMember, (HttpRequest request, string token, MemberEndpoints members, DurableTaskClient client) => members.ConfirmAsync(request, token, client));
        return app;
    }
}
