namespace ServerlessKomunitas.Mapping;

public static class MappingFeature
{
    /// <summary>Pemetaan: the creative-economy map of every kab/kota from the aggregates, and its open data.</summary>
    public static IServiceCollection AddMapping(this IServiceCollection services)
    {
        services.AddTable(TableContents.Impersonal(MapFigureStore.TableName, "aggregate counts per area: communities, members, events, RSVPs, mentorships, support"));
        services.AddSingleton<MapFigureStore>();
        services.AddSingleton<MapFigureKeeper>();
        // The stores tell the keeper of every write, so the figures follow the records (see MapFigureKeeper).
        services.AddSingleton<IRecordChangeObserver>(provider => provider.GetRequiredService<MapFigureKeeper>());
        services.AddSingleton<MapReader>();
        return services.AddSingleton<MapEndpoints>();
    }
}
