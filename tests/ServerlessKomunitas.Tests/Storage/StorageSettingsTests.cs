using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Storage;

/// <summary>The app's tables are found from the same settings the Functions host reads, with a key locally and without one in Azure.</summary>
public class StorageSettingsTests
{
    static StorageOptions Bind(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddKomunitas();
        return services.BuildServiceProvider().GetRequiredService<IOptions<StorageOptions>>().Value;
    }

    [Fact]
    public void A_connection_string_in_AzureWebJobsStorage_is_used_as_it_is()
    {
        var options = Bind(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal("UseDevelopmentStorage=true", options.ConnectionString);
        Assert.Equal("devstoreaccount1", options.CreateClient(new TableClientOptions()).AccountName);
    }

    [Fact]
    public void The_identity_based_settings_of_azure_are_read_without_any_key()
    {
        // As app settings arrive in Azure: AzureWebJobsStorage__tableServiceUri and AzureWebJobsStorage__clientId.
        var options = Bind(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://stkomunitas.table.core.windows.net/",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
        });

        Assert.Null(options.ConnectionString);
        Assert.Equal(new Uri("https://stkomunitas.table.core.windows.net/"), options.TableServiceUri);
        Assert.Equal("00000000-0000-0000-0000-000000000001", options.ClientId);
        Assert.Equal("stkomunitas", options.CreateClient(new TableClientOptions()).AccountName);
    }

    [Fact]
    public void The_local_hosts_defaults_and_settings_file_never_take_the_place_of_an_endpoint_that_was_given()
    {
        // The deploy hook runs Local's seed command with only AzureWebJobsStorage__tableServiceUri set: Azurite must not win.
        var configuration = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepositoryRoot.Path, "functions", "ServerlessKomunitas.Local", "appsettings.json"))
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage:tableServiceUri"] = "https://127.0.0.1:9/" })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddKomunitas();
        ServerlessKomunitas.Local.Hosting.LocalDefaults.AddLocalDefaults(services);

        var options = services.BuildServiceProvider().GetRequiredService<IOptions<StorageOptions>>().Value;

        Assert.Null(options.ConnectionString);
        Assert.Equal(new Uri("https://127.0.0.1:9/"), options.TableServiceUri);
    }

    [Fact]
    public void Nothing_configured_is_refused_at_start()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Bind([]));

        Assert.Contains("AzureWebJobsStorage", failure.Message);
    }
}
