using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using ServerlessKomunitas.Local.Hosting;
using ServerlessKomunitas.Local.Mail;
using ServerlessKomunitas.Seeding;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// The published Functions app on the real Azure Functions host, as `npm start` runs it: its own port, task hub and
/// table prefix on the test Azurite, the mail service in this process, and every timer off
/// (<c>AzureWebJobs.&lt;job&gt;.Disabled</c>), so that only the admin API runs a job. The host and its worker run in
/// a process group of their own under a shell that ends them when this process ends, however it ends.
/// </summary>
public sealed class FunctionsHost : IAppHost
{
    public const string OperatorKey = "local-admin-key";

    readonly Dictionary<string, string> environment;
    readonly DirectoryInfo state;
    readonly WebApplication mail;
    readonly ServiceProvider services;
    Process? watcher;
    int processGroup;

    FunctionsHost(Dictionary<string, string> environment, DirectoryInfo state, WebApplication mail, ServiceProvider services, Uri baseAddress, string tablePrefix)
    {
        this.environment = environment;
        this.state = state;
        this.mail = mail;
        this.services = services;
        BaseAddress = baseAddress;
        TablePrefix = tablePrefix;
        // The tests read the mailbox through the app's client, as on Local: /dev goes to the mail service, which the
        // Functions app does not have.
        Client = new HttpClient(new ContractCheck(new DevRoutes(mail.BaseAddress()) { InnerHandler = new HttpClientHandler { AllowAutoRedirect = false } }))
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };
    }

    public HttpClient Client { get; }

    public Uri BaseAddress { get; }

    public string TablePrefix { get; }

    public IServiceProvider Services => services;

    public T Get<T>() where T : notnull => services.GetRequiredService<T>();

    public string MasterKey { get; private set; } = "";

    /// <summary>The instance through the Durable extension's HTTP API, as an operator reads it (202 while it runs, 200 once it ended).</summary>
    public async Task<WorkflowSnapshot?> WorkflowAsync(string instanceId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(instanceId)}")
        {
            Headers = { { "x-functions-key", MasterKey } },
        };
        using var response = await Client.SendAsync(request);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
        Assert.True(response.StatusCode is System.Net.HttpStatusCode.OK or System.Net.HttpStatusCode.Accepted,
            $"The Durable HTTP API answered {(int)response.StatusCode} for {instanceId}: {await response.Content.ReadAsStringAsync()}");
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();
        JsonElement? Member(string name) => status.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.Clone() : null;
        return new WorkflowSnapshot(status.GetProperty("runtimeStatus").GetString()!, Member("output"), Member("customStatus"),
            status.GetProperty("lastUpdatedTime").GetDateTimeOffset());
    }

    public string LogPath => Path.Combine(state.FullName, "host.log");

    /// <summary>The host to run, found as `npm start` finds it; null with the reason when there is none.</summary>
    public static (string? Host, string? App, string? Missing) Find()
    {
        var app = Environment.GetEnvironmentVariable("KOMUNITAS_FUNCTIONS_APP") is { Length: > 0 } named ? named : Path.Combine(RepositoryRoot.Path, "artifacts", "functions-app");
        if (!File.Exists(Path.Combine(app, "functions.metadata")))
        {
            return (null, null, $"the Functions app is not published at {app} (npm test publishes it)");
        }
        var host = Environment.GetEnvironmentVariable("FUNCTIONS_HOST") is { Length: > 0 } configured ? configured
            : Path.Combine(Path.GetDirectoryName(RepositoryRoot.Path)!, "shared", "functions-host", "func-host");
        // Core Tools' func waives keys and cannot be told where to keep them; the tier runs the kit's func-host.
        return File.Exists(host) && Path.GetFileName(host) != "func"
            ? (host, app, null)
            : (null, null, $"no functions host kit at {host}: put it at ../shared/functions-host or set FUNCTIONS_HOST to its func-host");
    }

    /// <param name="storage">A connection string; the test Azurite when null.</param>
    public static async Task<FunctionsHost> StartAsync(IDictionary<string, string?>? settings = null, bool seedCommunities = false, string? storage = null)
    {
        var (host, app, missing) = Find();
        if (missing is not null)
        {
            throw new InvalidOperationException($"The real-host tier cannot run: {missing}.");
        }
        storage ??= await Azurite.ConnectionString();
        var prefix = LocalHost.UniquePrefix();
        var port = Azurite.FreePort();

        var mail = MailService.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Local:HttpPort"] = "0",
            ["Mailbox:Path"] = "",
            // A person's WhatsApp message goes to the app's webhook at its public address, as FunctionsSettings gives it.
            ["DevTwilio:InboundUrl"] = $"http://localhost:{port}/api/webhooks/twilio",
        }));
        await mail.StartAsync();

        var values = new FunctionsSettings(Port: port, MailPort: mail.BaseAddress().Port, Storage: storage, TaskHub: prefix, TablePrefix: prefix, JobsDisabled: true).Values();
        // The host reads one durable setting from host.json; tests poll fast, as the Local tests do.
        values["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"] = "00:00:01";
        values["AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount"] = "1";
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            values[name.Replace(":", "__")] = value ?? "";
        }
        values["FUNCTIONS_HOST_STATE_DIR"] = Directory.CreateTempSubdirectory("functions-host-").FullName;
        values["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";

        // Core's services over the same storage and settings: what a test sets up or reads directly.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values.ToDictionary(v => v.Key.Replace("__", ":"), v => (string?)v.Value)).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddKomunitas().BuildServiceProvider();
        await services.GetRequiredService<SeedLoader>().LoadAsync(Path.Combine(RepositoryRoot.Path, "seeds"), referenceOnly: !seedCommunities);

        var functions = new FunctionsHost(values, new DirectoryInfo(values["FUNCTIONS_HOST_STATE_DIR"]), mail, services, new Uri($"http://127.0.0.1:{port}"), prefix);
        try
        {
            await functions.RunAsync(host!, app!);
        }
        catch
        {
            await functions.DisposeAsync();
            throw;
        }
        return functions;
    }

    string hostPath = "", appPath = "";

    async Task RunAsync(string host, string app)
    {
        (hostPath, appPath) = (host, app);
        var start = new ProcessStartInfo("/bin/sh",
        [
            "-c",
            // The host in its own process group (with its worker), its pid printed first; when this process's pipe
            // closes, the group gets SIGTERM, and SIGKILL if any of it is still there 30 s later. `env kill`, because the
            // shell's own kill does not take "--", which a negative pid (a process group) needs.
            """setsid "$0" --script-root "$1" --port "$2" >>"$3" 2>&1 & h=$!; echo $h; """ +
            """trap 'env kill -TERM -- -$h 2>/dev/null; for i in $(seq 1 60); do env kill -0 -- -$h 2>/dev/null || exit 0; sleep 0.5; done; env kill -KILL -- -$h 2>/dev/null' EXIT; cat > /dev/null""",
            host, app, BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), LogPath,
        ])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            WorkingDirectory = app,
        };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        watcher = Process.Start(start) ?? throw new InvalidOperationException("The Functions host did not start.");
        processGroup = int.Parse((await watcher.StandardOutput.ReadLineAsync())!, System.Globalization.CultureInfo.InvariantCulture);
        await WaitUntilRunningAsync();
        // Operator routes take a function key, as in Azure; this is the one the tests (and the README) use.
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/admin/host/functionkeys/local-admin")
        {
            Content = JsonContent.Create(new { name = "local-admin", value = OperatorKey }),
            Headers = { { "x-functions-key", MasterKey } },
        };
        (await Client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Waits for the host to say Running. The kit's host writes its keys the first time a request carries one, so
    /// early requests carry a placeholder. A host that starts its worker on two busy cores takes a minute or more.
    /// </summary>
    async Task WaitUntilRunningAsync(int seconds = 300)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        var secrets = Path.Combine(state.FullName, "secrets", "host.json");
        while (true)
        {
            Assert.False(watcher!.HasExited, $"The Functions host's shell ended; log: {LogPath}");
            if (MasterKey.Length == 0 && File.Exists(secrets))
            {
                try
                {
                    MasterKey = JsonDocument.Parse(File.ReadAllText(secrets).TrimStart('\uFEFF')).RootElement.GetProperty("masterKey").GetProperty("value").GetString()!;
                }
                catch (Exception e) when (e is JsonException or IOException)
                {
                }
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status") { Headers = { { "x-functions-key", MasterKey.Length > 0 ? MasterKey : "none-yet" } } };
                using var response = await Client.SendAsync(request);
                if (response.IsSuccessStatusCode && MasterKey.Length > 0 &&
                    (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString() == "Running")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            Assert.True(DateTime.UtcNow < deadline, $"The Functions host was not running within {seconds} s; log: {LogPath}");
            await Task.Delay(500);
        }
    }

    /// <summary>Runs a timer job now through the host's admin API, as Core Tools and the portal do (202 when it started).</summary>
    public async Task<HttpResponseMessage> RunJobAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/functions/{name}")
        {
            Content = JsonContent.Create(new { }),
            Headers = { { "x-functions-key", MasterKey } },
        };
        return await Client.SendAsync(request);
    }

    /// <summary>
    /// Runs a timer job through the admin API and waits until the host logs that this run of it ended, as it logs every
    /// invocation ("Executed 'Functions.{name}' (Succeeded, ...)"): the admin API itself answers 202 before the job runs.
    /// </summary>
    public async Task RunJobToEndAsync(string name, int seconds = 120)
    {
        var executed = $"Executed 'Functions.{name}' (";
        int Ended() => File.ReadLines(LogPath).Count(line => line.Contains(executed, StringComparison.Ordinal));
        var before = Ended();
        Assert.Equal(System.Net.HttpStatusCode.Accepted, (await RunJobAsync(name)).StatusCode);
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (Ended() == before)
        {
            Assert.True(DateTime.UtcNow < deadline, $"Job {name} did not end within {seconds} s; log: {LogPath}");
            await Task.Delay(250);
        }
        Assert.Contains(File.ReadLines(LogPath), line => line.Contains(executed + "Succeeded", StringComparison.Ordinal));
    }

    /// <summary>Kills the host and its worker at once (SIGKILL to the group), as a crashed machine would.</summary>
    public async Task KillAsync()
    {
        using var kill = Process.Start("kill", ["-KILL", "--", $"-{processGroup}"])!;
        await kill.WaitForExitAsync();
        watcher!.StandardInput.Close();
        await watcher.WaitForExitAsync();
    }

    /// <summary>Starts the host again on the same port, keys and settings.</summary>
    public Task RestartAsync() => RunAsync(hostPath, appPath);

    public async ValueTask DisposeAsync()
    {
        var leaked = false;
        if (watcher is { HasExited: false })
        {
            // Closing the pipe makes the shell stop the group: SIGTERM, then SIGKILL after 30 s.
            watcher.StandardInput.Close();
            await watcher.WaitForExitAsync();
            // Nothing of the host may outlive it, or every run would leave a host and a worker behind.
            using var check = Process.Start(new ProcessStartInfo("kill", ["-0", "--", $"-{processGroup}"]) { RedirectStandardError = true })!;
            await check.WaitForExitAsync();
            leaked = check.ExitCode == 0;
        }
        Client.Dispose();
        await mail.StopAsync();
        await mail.DisposeAsync();
        await services.DisposeAsync();
        try
        {
            // The host's log outlives it, for a failed test's post-mortem; its keys do not.
            var logs = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "functions-host-logs"));
            File.Copy(LogPath, Path.Combine(logs.FullName, $"{TablePrefix}.log"), overwrite: true);
            state.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        Assert.False(leaked, $"Processes of the Functions host (group {processGroup}) outlived it.");
    }

    /// <summary>Sends /dev/... to the mail service and everything else to the app.</summary>
    sealed class DevRoutes(Uri mail) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.StartsWith("/dev/", StringComparison.Ordinal))
            {
                request.RequestUri = new Uri(mail, request.RequestUri.PathAndQuery);
            }
            return base.SendAsync(request, cancellationToken);
        }
    }
}
