using System.ComponentModel.DataAnnotations;
using Azure.Identity;

namespace ServerlessKomunitas.Storage;

/// <summary>
/// Where the app's tables live: the same account as the Functions host, named by the same settings.
/// Locally a connection string (<c>AzureWebJobsStorage</c>); in Azure the identity-based form
/// (<c>AzureWebJobsStorage__tableServiceUri</c> and <c>__clientId</c>), with no key anywhere.
/// </summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>From the top-level <c>AzureWebJobsStorage</c> setting.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>From <c>AzureWebJobsStorage:tableServiceUri</c>; used when there is no connection string.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>From <c>AzureWebJobsStorage:clientId</c>: the user-assigned identity. Empty: the signed-in developer or pipeline.</summary>
    public string? ClientId { get; set; }

    /// <summary>Prefixes every table name, so that tests (or environments) can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$")]
    public string TablePrefix { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || TableServiceUri is not null;

    public TableServiceClient CreateClient(TableClientOptions options)
    {
        if (!string.IsNullOrWhiteSpace(ConnectionString))
        {
            return new TableServiceClient(ConnectionString, options);
        }
        var credential = string.IsNullOrWhiteSpace(ClientId)
            ? (Azure.Core.TokenCredential)new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(ClientId));
        return new TableServiceClient(TableServiceUri, credential, options);
    }
}
