using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace ServerlessKomunitas.Bench;

/// <summary>An Azurite of the benchmark's own, on free ports, optionally writing its debug log (which counts requests).</summary>
sealed class AzuriteProcess : IDisposable
{
    const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    readonly Process process;

    public string ConnectionString { get; }
    public string? DebugLog { get; }

    AzuriteProcess(Process process, string connectionString, string? debugLog)
    {
        this.process = process;
        ConnectionString = connectionString;
        DebugLog = debugLog;
    }

    public static async Task<AzuriteProcess> StartAsync(string root, bool debug)
    {
        var (blob, queue, table) = (Ports.Free(), Ports.Free(), Ports.Free());
        var work = Directory.CreateTempSubdirectory("bench-azurite-").FullName;
        var debugLog = debug ? Path.Combine(work, "debug.log") : null;
        var start = new ProcessStartInfo(Path.Combine(root, "node_modules", ".bin", "azurite"))
        {
            WorkingDirectory = work,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry",
                     "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}" })
        {
            start.ArgumentList.Add(arg);
        }
        if (debugLog is not null)
        {
            start.ArgumentList.Add("--debug");
            start.ArgumentList.Add(debugLog);
        }
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await Ports.WaitAsync(table);
        await Ports.WaitAsync(queue);
        await Ports.WaitAsync(blob);
        return new AzuriteProcess(process,
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};" +
            $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;", debugLog);
    }

    public void Dispose()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }
}

/// <summary>An app under measurement, in processes of its own: where its stories go, and its peak memory.</summary>
interface IBenchHost : IDisposable
{
    Site Site { get; }

    /// <summary>Peak resident memory (VmHWM) in MiB of every process that serves the app (a host and its worker).</summary>
    double PeakMemoryMiB();

    /// <summary>Starts a scheduled job now, as an operator would: Local's /dev/jobs (which runs it to the end) or the host's admin API (which queues it).</summary>
    Task StartJobAsync(string name);
}

/// <summary>The built ServerlessKomunitas.Local, as its own process, so that its memory is its own.</summary>
sealed class LocalHostProcess : IBenchHost
{
    readonly Process process;

    public Uri BaseAddress { get; }

    public Site Site => new(BaseAddress, BaseAddress);

    LocalHostProcess(Process process, Uri baseAddress)
    {
        this.process = process;
        BaseAddress = baseAddress;
    }

    public static async Task<LocalHostProcess> StartAsync(string localDll, IDictionary<string, string> settings)
    {
        await RunToEndAsync(localDll, ["seed", "--reference-only"], settings);
        var port = int.Parse(settings["Local__HttpPort"]);
        var process = Process.Start(Start(localDll, [], settings))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) { Console.Error.WriteLine($"  host: {line}"); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var baseAddress = new Uri($"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = baseAddress };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return new LocalHostProcess(process, baseAddress);
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        throw new InvalidOperationException("The local host did not answer /api/health within 30 s.");
    }

    public double PeakMemoryMiB() => Memory.PeakMiB(process.Id);

    public async Task StartJobAsync(string name)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(30) };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/dev/jobs/{name}") { Headers = { { "x-functions-key", "local-admin-key" } } };
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }

    internal static ProcessStartInfo Start(string dll, string[] args, IDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        return start;
    }

    internal static async Task RunToEndAsync(string dll, string[] args, IDictionary<string, string> settings)
    {
        using var process = Process.Start(Start(dll, args, settings))!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{dll} {string.Join(' ', args)} failed: {await error}");
        }
    }
}

static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitAsync(int port)
    {
        for (var i = 0; i < 300; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new InvalidOperationException($"Nothing listens on port {port}.");
    }
}

static class Memory
{
    /// <summary>Peak resident memory (VmHWM) of one process, in MiB, from /proc.</summary>
    public static double PeakMiB(int pid) =>
        double.Parse(Regex.Match(File.ReadAllText($"/proc/{pid}/status"), @"VmHWM:\s+(\d+) kB").Groups[1].Value) / 1024;

    /// <summary>The processes whose parent is <paramref name="pid"/> (the Functions host's worker).</summary>
    public static IEnumerable<int> Children(int pid) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(d => d!.All(char.IsDigit)).Select(int.Parse!)
            .Where(child =>
            {
                try
                {
                    var stat = File.ReadAllText($"/proc/{child}/stat");
                    return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]) == pid;
                }
                catch (IOException)
                {
                    return false;
                }
            });
}

/// <summary>
/// The published Functions app on the real Functions host (the kit's func-host), with the local mail service as a
/// process of its own, both started as `npm start` starts them, with every timer disabled. Memory is the host's plus
/// its worker's.
/// </summary>
sealed class FunctionsHostProcess : IBenchHost
{
    const string OperatorKey = "local-admin-key";
    readonly Process host;
    readonly Process mail;

    public Site Site { get; }

    readonly string masterKey;

    FunctionsHostProcess(Process host, Process mail, Site site, string masterKey)
    {
        this.host = host;
        this.mail = mail;
        this.masterKey = masterKey;
        Site = site;
    }

    public async Task StartJobAsync(string name)
    {
        using var client = new HttpClient { BaseAddress = Site.App };
        var request = new HttpRequestMessage(HttpMethod.Post, $"/admin/functions/{name}")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "x-functions-key", masterKey } },
        };
        (await client.SendAsync(request)).EnsureSuccessStatusCode();
    }

    public static async Task<FunctionsHostProcess> StartAsync(string localDll, string funcHost, string app, IDictionary<string, string> settings)
    {
        await LocalHostProcess.RunToEndAsync(localDll, ["seed", "--reference-only"], settings);
        var (port, mailPort) = (Ports.Free(), Ports.Free());
        var mailSettings = new Dictionary<string, string>(settings) { ["Local__HttpPort"] = $"{mailPort}" };
        var mail = Process.Start(LocalHostProcess.Start(localDll, ["mail"], mailSettings))!;
        mail.OutputDataReceived += (_, _) => { };
        mail.ErrorDataReceived += (_, _) => { };
        mail.BeginOutputReadLine();
        mail.BeginErrorReadLine();

        // The same settings `npm start` writes, with the run's storage, task hub and limits over them.
        var file = Path.Combine(Directory.CreateTempSubdirectory("bench-functions-").FullName, "local.settings.json");
        await LocalHostProcess.RunToEndAsync(localDll, ["functions-settings", "--out", file, "--port", $"{port}", "--mail-port", $"{mailPort}", "--jobs-disabled"], settings);
        var values = System.Text.Json.JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }
        var state = Path.GetDirectoryName(file)!;
        var start = new ProcessStartInfo(funcHost) { WorkingDirectory = app, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "--script-root", app, "--port", $"{port}" })
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in values)
        {
            start.Environment[key] = value;
        }
        start.Environment["FUNCTIONS_HOST_STATE_DIR"] = state;
        start.Environment["AzureFunctionsJobHost__logging__logLevel__default"] = "Warning";
        var host = Process.Start(start)!;
        host.OutputDataReceived += (_, _) => { };
        host.ErrorDataReceived += (_, _) => { };
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();

        var site = new Site(new Uri($"http://127.0.0.1:{port}"), new Uri($"http://127.0.0.1:{mailPort}"));
        using var client = new HttpClient { BaseAddress = site.App };
        var secrets = Path.Combine(state, "secrets", "host.json");
        for (var i = 0; i < 600; i++)
        {
            try
            {
                var key = File.Exists(secrets)
                    ? System.Text.Json.JsonDocument.Parse(File.ReadAllText(secrets)).RootElement.GetProperty("masterKey").GetProperty("value").GetString()!
                    : "none-yet";
                var status = new HttpRequestMessage(HttpMethod.Get, "/admin/host/status") { Headers = { { "x-functions-key", key } } };
                if (key != "none-yet" && (await client.SendAsync(status)) is { IsSuccessStatusCode: true } running
                    && (await running.Content.ReadAsStringAsync()).Contains("\"Running\"", StringComparison.Ordinal))
                {
                    var put = new HttpRequestMessage(HttpMethod.Put, "/admin/host/functionkeys/local-admin")
                    {
                        Content = new StringContent($$"""{"name":"local-admin","value":"{{OperatorKey}}"}""", System.Text.Encoding.UTF8, "application/json"),
                        Headers = { { "x-functions-key", key } },
                    };
                    (await client.SendAsync(put)).EnsureSuccessStatusCode();
                    return new FunctionsHostProcess(host, mail, site, key);
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
            {
            }
            await Task.Delay(500);
        }
        throw new InvalidOperationException("The Functions host was not running within 5 minutes.");
    }

    public double PeakMemoryMiB() => Memory.PeakMiB(host.Id) + Memory.Children(host.Id).Sum(Memory.PeakMiB);

    public void Dispose()
    {
        foreach (var process in new[] { host, mail })
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            process.Dispose();
        }
    }
}
