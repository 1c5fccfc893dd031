namespace ServerlessKomunitas.Mapping;

public static class MappingFeature
{
    /// <summary>Pemetaan: the creative-economy map of every kab/kota from the aggregates, and its open data.</summary>
    public static IServiceCollection AddMapping(this IServiceCollection services)
    {
        services.AddTable(TableContents.Impersonal(MapFigureStore.TableName, "aggregate counts per area: communities, members, events, RSVPs, mentorships, support"));
        // Personal only in that a member's placement and part name the kab/kota they count in, by person key; both go when the person is erased.
        services.AddTable(new TableContents(MapFigureStore.SourcesTableName, true,
            ["aggregate counts per kab/kota and what each record adds to them", "the kab/kota a member counts in, by person key"], MapFigureStore.PeopleIn));
        services.AddSingleton<MapFigureStore>();
        services.AddSingleton<MapFigureKeeper>();
        // The stores tell the keeper of every write, so the figures follow the records (see MapFigureKeeper).
        services.AddRecordChangeObserver<MapFigureKeeper>();
        services.AddSingleton<MapReader>();
        return services.AddSingleton<MapEndpoints>();
    }
}
