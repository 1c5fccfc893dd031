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

/// <summary>The built ServerlessKomunitas.Local, as its own process, so that its memory is its own.</summary>
sealed class LocalHostProcess : IDisposable
{
    readonly Process process;

    public Uri BaseAddress { get; }

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
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine($"  host: {line}"); };
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

    /// <summary>Peak resident memory (VmHWM) in MiB, from /proc.</summary>
    public double PeakMemoryMiB()
    {
        var status = File.ReadAllText($"/proc/{process.Id}/status");
        return double.Parse(Regex.Match(status, @"VmHWM:\s+(\d+) kB").Groups[1].Value) / 1024;
    }

    public void Dispose()
    {
        try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        process.Dispose();
    }

    static ProcessStartInfo Start(string dll, string[] args, IDictionary<string, string> settings)
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

    static async Task RunToEndAsync(string dll, string[] args, IDictionary<string, string> settings)
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
