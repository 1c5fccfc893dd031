using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Functions.Hosting;
using ServerlessKomunitas.Hosting;

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
