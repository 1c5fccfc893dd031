using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Functions.Rsvps;

public sealed class RsvpTriggers(RsvpEndpoints rsvps)
{
    [Function(nameof(ApiRoutes.ShowRsvp))]
    public Task<IActionResult> ShowRsvp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.EventRsvp)] HttpRequest request, string id) =>
        rsvps.ShowAsync(request, id).ExecuteOn(request);

    [Function(nameof(ApiRoutes.Rsvp))]
    public Task<IActionResult> Rsvp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiRoutes.Templates.EventRsvp)] HttpRequest request, string id) =>
        rsvps.RsvpAsync(request, id).ExecuteOn(request);

    [Function(nameof(ApiRoutes.CancelRsvp))]
    public Task<IActionResult> CancelRsvp(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiRoutes.Templates.EventRsvp)] HttpRequest request, string id) =>
        rsvps.CancelAsync(request, id).ExecuteOn(request);
}
