using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Local.Preferences;

public static class PreferenceRoutes
{
    public static IEndpointRouteBuilder MapPreferenceRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.ShowPreferences, (HttpRequest request, PreferenceEndpoints preferences) => preferences.ShowAsync(request));
        app.MapRoute(ApiRoutes.SavePreferences, (HttpRequest request, PreferenceEndpoints preferences) => preferences.SaveAsync(request));
        app.MapRoute(ApiRoutes.ShowAddressConfirmation, (HttpRequest request, PreferenceEndpoints preferences) => preferences.ShowAddressConfirmationAsync(request));
        app.MapRoute(ApiRoutes.ConfirmAddress, (HttpRequest request, PreferenceEndpoints preferences) => preferences.ConfirmAddressAsync(request));
        app.MapRoute(ApiRoutes.ShowUnsubscribe, (HttpRequest request, PreferenceEndpoints preferences) => preferences.ShowUnsubscribeAsync(request));
        app.MapRoute(ApiRoutes.Unsubscribe, (HttpRequest request, PreferenceEndpoints preferences) => preferences.UnsubscribeAsync(request));
        app.MapRoute(ApiRoutes.SendGridEvents, (HttpRequest request, SendGridWebhook webhook) => webhook.ReceiveAsync(request));
        app.MapRoute(ApiRoutes.MyData, (HttpRequest request, ServerlessKomunitas.Privacy.PrivacyEndpoints privacy) => privacy.ShowAsync(request));
        app.MapRoute(ApiRoutes.ExportMyData, (HttpRequest request, ServerlessKomunitas.Privacy.PrivacyEndpoints privacy) => privacy.ExportAsync(request));
        app.MapRoute(ApiRoutes.WithdrawConsent, (HttpRequest request, ServerlessKomunitas.Privacy.PrivacyEndpoints privacy, DurableTaskClient client) => privacy.WithdrawAsync(request, client));
        app.MapRoute(ApiRoutes.EraseMyData, (HttpRequest request, ServerlessKomunitas.Privacy.PrivacyEndpoints privacy, DurableTaskClient client) => privacy.EraseAsync(request, client));
        return app;
    }
}
