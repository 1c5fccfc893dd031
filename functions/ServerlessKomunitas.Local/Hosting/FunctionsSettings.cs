using System.Text.Json;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Local.Mail;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Local.Hosting;

/// <summary>
/// The <c>local.settings.json</c> that runs the published Functions app on this machine, with the same defaults as the
/// Local host (<see cref="LocalDefaults"/>): Azurite, mail to the local mail service, the fixed development link key,
/// links to the host's own address, and the production job schedules. `npm start` and the real-host tests write it
/// with `functions-settings`; it is made, never committed, as Core Tools expects.
/// </summary>
public sealed record FunctionsSettings(int Port = 7071, int MailPort = MailService.DefaultPort, string Storage = "UseDevelopmentStorage=true",
    string TaskHub = "komunitas", string TablePrefix = "", bool JobsDisabled = false)
{
    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public Dictionary<string, string> Values()
    {
        var values = new Dictionary<string, string>
        {
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["AzureWebJobsStorage"] = Storage,
            // The site's own home page is /api/beranda; the host's page at / is off, as in Azure.
            ["AzureWebJobsDisableHomepage"] = "true",
            ["TaskHubName"] = TaskHub,
            // The Durable extension's queues tuned as the Local host tunes them (LocalDurableOptions), for Azurite, which scans
            // every message of a queue on each dequeue: one control queue, and polling that backs off to 1 s, not 30 s.
            // With the defaults the proposal story ran at half the Local host's rate; with these, at the same (BENCHMARKS.md).
            // Azure keeps the defaults (host.json), where four partitions spread a task hub over instances.
            [DurableStorageProvider("partitionCount")] = "1",
            [DurableStorageProvider("maxQueuePollingInterval")] = "00:00:01",
            [Key(EmailOptions.Section, nameof(EmailOptions.From))] = LocalDefaults.EmailFrom,
            [Key(EmailOptions.Section, nameof(EmailOptions.SendGridApiKey))] = LocalDefaults.SendGridApiKey,
            [Key(EmailOptions.Section, nameof(EmailOptions.SendGridHost))] = $"http://127.0.0.1:{MailPort}",
            [Key(WhatsAppOptions.Section, nameof(WhatsAppOptions.AccountSid))] = LocalDefaults.TwilioAccountSid,
            [Key(WhatsAppOptions.Section, nameof(WhatsAppOptions.AuthToken))] = LocalDefaults.TwilioAuthToken,
            [Key(WhatsAppOptions.Section, nameof(WhatsAppOptions.MessagingServiceSid))] = LocalDefaults.TwilioMessagingServiceSid,
            [Key(WhatsAppOptions.Section, nameof(WhatsAppOptions.ApiBaseUrl))] = $"http://127.0.0.1:{MailPort}",
            [Key(LinkSigningOptions.Section, nameof(LinkSigningOptions.Keys), LocalDefaults.LinkKeyId)] = LocalDefaults.LinkKey,
            [Key(LinkSigningOptions.Section, nameof(LinkSigningOptions.ActiveKeyId))] = LocalDefaults.LinkKeyId,
            [Key(SiteOptions.Section, nameof(SiteOptions.PublicBaseUrl))] = $"http://localhost:{Port}",
        };
        if (TablePrefix.Length > 0)
        {
            values[Key(StorageOptions.Section, nameof(StorageOptions.TablePrefix))] = TablePrefix;
        }
        foreach (var template in WhatsAppTemplates.All)
        {
            values[Key(WhatsAppOptions.Section, nameof(WhatsAppOptions.ContentSids), template.Name)] = LocalDefaults.ContentSidOf(template.Name);
        }
        foreach (var job in JobCatalog.All)
        {
            // The host needs a schedule it can parse even for a disabled timer; disabling is what turns a job off.
            values[job.ScheduleSetting] = job.DefaultSchedule;
            if (JobsDisabled)
            {
                values[$"AzureWebJobs.{job.Name}.Disabled"] = "true";
            }
        }
        return values;
    }

    /// <summary>A host.json setting of the Durable extension's storage provider, as an app setting that overrides host.json.</summary>
    static string DurableStorageProvider(string name) => $"AzureFunctionsJobHost__extensions__durableTask__storageProvider__{name}";

    /// <summary>An option's name as an environment variable (sections joined by "__"; some options sit at the top).</summary>
    static string Key(params string[] parts) => string.Join("__", parts.Where(p => p.Length > 0));

    public string ToJson() => JsonSerializer.Serialize(new { IsEncrypted = false, Values = Values() }, Indented);

    /// <summary>`functions-settings --out FILE [--port N] [--mail-port N] [--jobs-disabled]`: writes the file.</summary>
    public static int Write(string[] args)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        var output = Arg("--out") ?? "local.settings.json";
        var settings = new FunctionsSettings(
            Port: int.Parse(Arg("--port") ?? "7071", System.Globalization.CultureInfo.InvariantCulture),
            MailPort: int.Parse(Arg("--mail-port") ?? MailService.DefaultPort.ToString(System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture),
            JobsDisabled: args.Contains("--jobs-disabled"));
        File.WriteAllText(output, settings.ToJson());
        Console.WriteLine($"Wrote {output}");
        return 0;
    }
}
