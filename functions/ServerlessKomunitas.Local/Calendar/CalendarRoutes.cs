using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Local.Hosting;

namespace ServerlessKomunitas.Local.Calendar;

public static class CalendarRoutes
{
    public static IEndpointRouteBuilder MapCalendarRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.ListEvents, (HttpRequest request, CalendarEndpoints calendar) => calendar.ListAsync(request));
        app.MapRoute(ApiRoutes.EventFeed, (HttpRequest request, CalendarEndpoints calendar) => calendar.FeedAsync(request));
        return app;
    }
}
