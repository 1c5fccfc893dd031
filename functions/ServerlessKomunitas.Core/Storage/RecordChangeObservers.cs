namespace ServerlessKomunitas.Storage;

/// <summary>
/// The one <see cref="IRecordChangeObserver"/> the stores are given: it tells each feature's observer in turn (the
/// map's figures, the directory's profiles), in the order the features registered them. A feature adds its own with
/// <see cref="RecordChangeObserverRegistration.AddRecordChangeObserver{T}"/>.
/// </summary>
public sealed class RecordChangeObservers([FromKeyedServices(RecordChangeObservers.Key)] IEnumerable<IRecordChangeObserver> observers) : IRecordChangeObserver
{
    public const string Key = "feature";

    public async Task RecordChangedAsync(string table, string partitionKey, CancellationToken cancellationToken = default)
    {
        foreach (var observer in observers)
        {
            await observer.RecordChangedAsync(table, partitionKey, cancellationToken);
        }
    }
}

public static class RecordChangeObserverRegistration
{
    /// <summary>Tells <typeparamref name="T"/> (a singleton the feature registers) of every record a store writes.</summary>
    public static IServiceCollection AddRecordChangeObserver<T>(this IServiceCollection services) where T : class, IRecordChangeObserver =>
        services.AddKeyedSingleton<IRecordChangeObserver>(RecordChangeObservers.Key, (provider, _) => provider.GetRequiredService<T>());
}
