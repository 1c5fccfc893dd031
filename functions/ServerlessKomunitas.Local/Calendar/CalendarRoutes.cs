using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Local.Calendar;

public static class CalendarRoutes
{
    public static IEndpointRouteBuilder MapCalendarRoutes(this IEndpointRouteBuilder app)
    {
        app.MapRoute(ApiRoutes.ListEvents, (HttpRequest request, CalendarEndpoints calendar) => calendar.ListAsync(request));
        app.MapRoute(ApiRoutes.EventFeed, (HttpRequest request, CalendarEndpoints calendar) => calendar.FeedAsync(request));
        app.MapRoute(ApiRoutes.ShowRsvp, (HttpRequest request, string id, RsvpEndpoints rsvps) => rsvps.ShowAsync(request, id));
        app.MapRoute(ApiRoutes.Rsvp, (HttpRequest request, string id, RsvpEndpoints rsvps) => rsvps.RsvpAsync(request, id));
        app.MapRoute(ApiRoutes.CancelRsvp, (HttpRequest request, string id, RsvpEndpoints rsvps) => rsvps.CancelAsync(request, id));
        return app;
    }
}
