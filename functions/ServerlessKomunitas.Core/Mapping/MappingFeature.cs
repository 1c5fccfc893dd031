namespace ServerlessKomunitas.Mapping;

public static class MappingFeature
{
    /// <summary>Pemetaan: the creative-economy map of every kab/kota from the aggregates, and its open data.</summary>
    public static IServiceCollection AddMapping(this IServiceCollection services)
    {
        // Personal only in that a member's placement and part name the kab/kota they count in, by person key; both go when the person is erased.
        services.AddTable(new TableContents(MapFigureStore.TableName, true,
            ["aggregate counts per area: communities, members, events, RSVPs, mentorships, support", "the kab/kota a member counts in, by person key"], MapFigureStore.PeopleIn));
        services.AddSingleton<MapFigureStore>();
        services.AddSingleton<MapFigureKeeper>();
        // The stores tell the keeper of every write, so the figures follow the records (see MapFigureKeeper).
        services.AddSingleton<IRecordChangeObserver>(provider => provider.GetRequiredService<MapFigureKeeper>());
        services.AddSingleton<MapReader>();
        return services.AddSingleton<MapEndpoints>();
    }
}
