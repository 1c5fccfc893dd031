using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Local.Hosting;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Local.Registrations;

public static class RegistrationRoutes
{
    public static IEndpointRouteBuilder MapRegistrationRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.RegistrationForm, (HttpRequest request, RegistrationEndpoints endpoints) => endpoints.FormAsync(request));
        app.MapRoute(ApiRoutes.SubmitRegistration, (HttpRequest request, RegistrationEndpoints endpoints) => endpoints.SubmitAsync(request));
        app.MapRoute(ApiRoutes.RegistrationStatus, (HttpRequest request, string id, RegistrationEndpoints endpoints) => endpoints.StatusAsync(request, id));
        return app;
    }
}
