using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Rsvps;

public static class RsvpsFeature
{
    /// <summary>RSVPs to confirmed events, with a waitlist that moves up when a seat frees.</summary>
    public static IServiceCollection AddRsvps(this IServiceCollection services)
    {
        services.AddTable(new(RsvpStore.TableName, true, ["event attendance and waitlist place"], r => PersonReference.ByKey(r.GetString("PersonKey")), OpenedByLink: true));
        services.AddSingleton<RsvpStore>();
        services.AddPersonalDataHolder<RsvpPersonalData>();
        services.AddSingleton<RsvpLinks>();
        services.AddSingleton<EventRsvps>();
        services.AddTransient<WhatsApp.IWhatsAppFallback, SeatOfferFallback>();
        return services.AddSingleton<RsvpEndpoints>();
    }
}
