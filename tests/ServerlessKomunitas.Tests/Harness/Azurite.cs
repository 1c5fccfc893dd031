using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// One Azurite for the whole test run, started from node_modules on free ports with in-memory storage,
/// so tests run next to a developer's own stack. Set KOMUNITAS_TEST_STORAGE to use another account.
/// </summary>
public static class Azurite
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    static readonly Lazy<Task<string>> Started = new(StartAsync);

    public static Task<string> ConnectionString() => Started.Value;

    static async Task<string> StartAsync()
    {
        var configured = Environment.GetEnvironmentVariable("KOMUNITAS_TEST_STORAGE");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        var root = RepositoryRoot.Path;
        var bin = Path.Combine(root, "node_modules", ".bin", OperatingSystem.IsWindows() ? "azurite.cmd" : "azurite");
        if (!File.Exists(bin))
        {
            throw new InvalidOperationException($"Azurite is not installed at {bin}. Run `npm ci` (or `npm test`, which does it).");
        }

        var (blob, queue, table) = (FreePort(), FreePort(), FreePort());
        string[] arguments =
        [
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry",
            "--blobPort", blob.ToString(), "--queuePort", queue.ToString(), "--tablePort", table.ToString(),
        ];
        // A test process that is killed or aborts never runs its exit handlers. So on POSIX Azurite runs under a shell
        // that reads this process's pipe and stops Azurite when the pipe closes, however this process ends.
        var start = OperatingSystem.IsWindows()
            ? new ProcessStartInfo(bin, arguments)
            : new ProcessStartInfo("/bin/sh", ["-c", "\"$0\" \"$@\" & azurite=$!; trap 'kill -9 $azurite' EXIT; cat > /dev/null", bin, .. arguments]);
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        // In-memory mode still writes its config file to the working directory.
        start.WorkingDirectory = Directory.CreateTempSubdirectory("azurite-tests-").FullName;
        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        // On POSIX, closing the pipe is the stop: the shell's trap kills Azurite. Killing the tree from here is not:
        // .NET first stops each process with SIGSTOP, and a test process that ends during that leaves the shell stopped
        // and Azurite running (seen after CI runs: the shell in state T beside its dead `cat`).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                if (OperatingSystem.IsWindows())
                {
                    process.Kill(entireProcessTree: true);
                }
                else
                {
                    process.StandardInput.Close();
                }
            }
            catch (Exception e) when (e is InvalidOperationException or IOException)
            {
            }
        };

        await WaitForPort(table);
        await WaitForPort(queue);
        await WaitForPort(blob);

        return $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
               $"BlobEndpoint=http://127.0.0.1:{blob}/devstoreaccount1;" +
               $"QueueEndpoint=http://127.0.0.1:{queue}/devstoreaccount1;" +
               $"TableEndpoint=http://127.0.0.1:{table}/devstoreaccount1;";
    }

    /// <summary>
    /// An Azurite of one test's own, keeping its data on disk, that the test can stop and start again on the same ports:
    /// a storage outage under a running app.
    /// </summary>
    public sealed class Dedicated : IDisposable
    {
        readonly (int Blob, int Queue, int Table) ports = (FreePort(), FreePort(), FreePort());
        readonly DirectoryInfo data = Directory.CreateTempSubdirectory("azurite-outage-");
        Process? process;

        public string ConnectionString =>
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{ports.Queue}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{ports.Table}/devstoreaccount1;";

        public async Task StartAsync()
        {
            var bin = Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", "azurite");
            // Stopped with SIGTERM, which Azurite takes as a shutdown that saves its data, as storage that comes back has it.
            var start = new ProcessStartInfo("/bin/sh", ["-c", "\"$0\" \"$@\" & azurite=$!; trap 'kill $azurite; wait $azurite' EXIT; cat > /dev/null", bin,
                "--silent", "--skipApiVersionCheck", "--disableTelemetry", "--location", data.FullName,
                "--blobPort", ports.Blob.ToString(), "--queuePort", ports.Queue.ToString(), "--tablePort", ports.Table.ToString()])
            {
                RedirectStandardInput = true,
                WorkingDirectory = data.FullName,
            };
            process = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
            await WaitForPort(ports.Table);
            await WaitForPort(ports.Queue);
            await WaitForPort(ports.Blob);
        }

        /// <summary>Stops it at once (its shell kills it when the pipe closes); the data stays for <see cref="StartAsync"/>.</summary>
        public async Task StopAsync()
        {
            process!.StandardInput.Close();
            await process.WaitForExitAsync();
            // The port is free once nothing accepts on it.
            while (await AcceptsAsync(ports.Table))
            {
                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            if (process is { HasExited: false })
            {
                process.StandardInput.Close();
                process.WaitForExit();
            }
            data.Delete(recursive: true);
        }
    }

    /// <summary>Whether something accepts connections on the loopback <paramref name="port"/>.</summary>
    public static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPort(int port)
    {
        // Node starting Azurite on two busy cores has taken more than 30 s.
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }
}

public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "ServerlessKomunitas.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The tests must run inside the repository (ServerlessKomunitas.sln not found).");
    }
}
