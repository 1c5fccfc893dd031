using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Rsvps;

public static class RsvpsFeature
{
    /// <summary>RSVPs to confirmed events, with a waitlist that moves up when a seat frees.</summary>
    public static IServiceCollection AddRsvps(this IServiceCollection services)
    {
        services.AddTable(RsvpStore.TableName);
        services.AddSingleton<RsvpStore>();
        services.AddPersonalDataHolder<RsvpPersonalData>();
        services.AddSingleton<RsvpLinks>();
        services.AddSingleton<EventRsvps>();
        return services.AddSingleton<RsvpEndpoints>();
    }
}
