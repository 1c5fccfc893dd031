using System.ComponentModel.DataAnnotations;

namespace ServerlessKomunitas.Storage;

/// <summary>Where the app's tables live. The connection is the same setting the Functions host uses.</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Read from the top-level <c>AzureWebJobsStorage</c> setting, shared with the Durable backend.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Prefixes every table name, so that tests (or environments) can share one account.</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{0,20}$|^$")]
    public string TablePrefix { get; set; } = "";
}
