using Microsoft.Extensions.Configuration;

namespace ServerlessKomunitas.Storage;

public static class StorageFeature
{
    /// <summary>One Table Storage account, the same connection the Functions host uses; the app creates its declared tables at start.</summary>
    public static IServiceCollection AddTableStorage(this IServiceCollection services)
    {
        services.AddOptions<StorageOptions>()
            .BindConfiguration(StorageOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                var storage = configuration.GetSection("AzureWebJobsStorage");
                options.ConnectionString = storage.Value ?? options.ConnectionString;
                options.TableServiceUri = Uri.TryCreate(storage["tableServiceUri"], UriKind.Absolute, out var uri) ? uri : options.TableServiceUri;
                options.ClientId = storage["clientId"] ?? options.ClientId;
            })
            .ValidateDataAnnotations()
            .Validate(o => o.IsConfigured, "Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__tableServiceUri.")
            .ValidateOnStart();
        services.AddSingleton(new TableClientOptions());
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value.CreateClient(sp.GetRequiredService<TableClientOptions>()));
        services.AddSingleton<KomunitasTables>();
        // Every store tells this one of its writes; it tells each feature's observer (AddRecordChangeObserver).
        services.AddSingleton<IRecordChangeObserver, RecordChangeObservers>();
        services.AddHostedService<TableCreation>();
        services.AddTable(TableContents.Impersonal(Claims.TableName, "submission de-duplication hashes"));
        services.AddSingleton<Claims>();
        return services;
    }

    /// <summary>Declares a table the feature keeps (its store's <c>TableName</c>): the app creates it at start, and a breach report walks it.</summary>
    /// <summary>Declares a table the feature keeps, and what it holds: created at start, and listed in the breach catalogue.</summary>
    public static IServiceCollection AddTable(this IServiceCollection services, TableContents contents) => services.AddSingleton(new AppTable(contents));
}
