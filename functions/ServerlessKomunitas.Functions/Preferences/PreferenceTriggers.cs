using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Functions.Preferences;

public sealed class PreferenceTriggers(PreferenceEndpoints preferences, SendGridWebhook webhook, ServerlessKomunitas.Privacy.PrivacyEndpoints privacy)
{
    [Function(nameof(ApiRoutes.ShowPreferences))]
    public Task<IActionResult> ShowPreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Preferences)] HttpRequest request) =>
        preferences.ShowAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SavePreferences))]
    public Task<IActionResult> SavePreferences(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Preferences)] HttpRequest request) =>
        preferences.SaveAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowAddressConfirmation))]
    public Task<IActionResult> ShowAddressConfirmation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.AddressConfirmation)] HttpRequest request) =>
        preferences.ShowAddressConfirmationAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ConfirmAddress))]
    public Task<IActionResult> ConfirmAddress(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.AddressConfirmation)] HttpRequest request) =>
        preferences.ConfirmAddressAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ShowUnsubscribe))]
    public Task<IActionResult> ShowUnsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Unsubscribe)] HttpRequest request) =>
        preferences.ShowUnsubscribeAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.Unsubscribe))]
    public Task<IActionResult> Unsubscribe(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.Unsubscribe)] HttpRequest request) =>
        preferences.UnsubscribeAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.SendGridEvents))]
    public Task<IActionResult> SendGridEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.SendGridWebhook)] HttpRequest request) =>
        webhook.ReceiveAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.MyData))]
    public Task<IActionResult> MyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MyData)] HttpRequest request) =>
        privacy.ShowAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ExportMyData))]
    public Task<IActionResult> ExportMyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.MyDataExport)] HttpRequest request) =>
        privacy.ExportAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.WithdrawConsent))]
    public Task<IActionResult> WithdrawConsent(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MyDataWithdraw)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        privacy.WithdrawAsync(request, client).ExecuteOn(request);

    [Function(nameof(ApiRoutes.EraseMyData))]
    public Task<IActionResult> EraseMyData(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.MyDataDelete)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        privacy.EraseAsync(request, client).ExecuteOn(request);
}
