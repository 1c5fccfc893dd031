using ServerlessKomunitas.Calendar;

namespace ServerlessKomunitas.Functions.Calendar;

public sealed class CalendarTriggers(CalendarEndpoints calendar)
{
    [Function(nameof(ApiRoutes.ListEvents))]
    public Task<IActionResult> ListEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.Events)] HttpRequest request) =>
        calendar.ListAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.EventFeed))]
    public Task<IActionResult> EventFeed(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiRoutes.Templates.EventFeed)] HttpRequest request) =>
        calendar.FeedAsync(request).ExecuteOn(request);
}
