namespace ServerlessKomunitas.Calendar;

public static class CalendarFeature
{
    /// <summary>The public calendar of confirmed events: pages, JSON and the iCalendar feed.</summary>
    public static IServiceCollection AddCalendar(this IServiceCollection services)
    {
        services.AddTable(TableContents.Impersonal(EventCalendar.TableName, "published events: title, place, time"));
        services.AddSingleton<EventCalendar>();
        services.AddSingleton<CalendarRequestReader>();
        return services.AddSingleton<CalendarEndpoints>();
    }
}
