using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Deployment;

/// <summary>
/// The deploy hook's seed step, rehearsed as Azure runs it: `infra/scripts/postprovision.sh` itself, with its own
/// `dotnet run ... seed --reference-only`, against a storage account that takes only HTTPS and OAuth (Azurite with
/// `--oauth basic` and a self-signed certificate trusted through SSL_CERT_FILE), with the token from a managed-identity
/// endpoint (IDENTITY_ENDPOINT / IDENTITY_HEADER, as App Service gives one), while another Azurite listens on the
/// default ports to catch a seed that goes to the wrong account. `az` is a stand-in; everything else is real.
/// </summary>
[Trait("Category", "DeployRehearsal")]
public class DeployRehearsalTests
{
    const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task The_hook_seeds_the_account_its_endpoint_names_with_a_managed_identity_token_and_leaves_the_default_account_empty()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The hook is a POSIX shell script, run by azd on Linux and macOS.");
        }
        var work = Directory.CreateTempSubdirectory("deploy-rehearsal-");
        try
        {
            // A certificate for 127.0.0.1, trusted (with the system's own) through SSL_CERT_FILE.
            await RunAsync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", "key.pem", "-out", "cert.pem"], work.FullName);
            var bundle = Path.Combine(work.FullName, "trusted.pem");
            File.WriteAllText(bundle, (File.Exists("/etc/ssl/certs/ca-certificates.crt") ? File.ReadAllText("/etc/ssl/certs/ca-certificates.crt") : "")
                + File.ReadAllText(Path.Combine(work.FullName, "cert.pem")));

            var (blob, queue, table) = (Azurite.FreePort(), Azurite.FreePort(), Azurite.FreePort());
            using var account = StartAzurite(work.FullName, "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
                "--cert", Path.Combine(work.FullName, "cert.pem"), "--key", Path.Combine(work.FullName, "key.pem"), "--oauth", "basic");
            Assert.False(await Azurite.AcceptsAsync(10002), "Something already listens on 10002, the default Azurite port this test needs free.");
            using var defaultAccount = StartAzurite(work.FullName);
            await Azurite.WaitForPort(table);
            await Azurite.WaitForPort(10002);

            await using var identity = await IdentityEndpoint.StartAsync();
            var stubs = Directory.CreateDirectory(Path.Combine(work.FullName, "bin"));
            // `az` finds no secret and stores any; the hook's other steps are what this test is about.
            File.WriteAllText(Path.Combine(stubs.FullName, "az"), "#!/bin/sh\ncase \"$*\" in *\"secret show\"*) exit 3;; esac\nexit 0\n");
            File.SetUnixFileMode(Path.Combine(stubs.FullName, "az"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

            var endpoint = $"https://127.0.0.1:{table}/devstoreaccount1";
            var hook = new ProcessStartInfo("sh", [Path.Combine(RepositoryRoot.Path, "infra", "scripts", "postprovision.sh")])
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var name in new[] { "AzureWebJobsStorage", "KOMUNITAS_TEST_STORAGE", "AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_CLIENT_SECRET" })
            {
                hook.Environment.Remove(name);
            }
            hook.Environment["PATH"] = stubs.FullName + ":" + Environment.GetEnvironmentVariable("PATH");
            hook.Environment["AZURE_KEY_VAULT_NAME"] = "kv-rehearsal";
            hook.Environment["AZURE_STORAGE_TABLE_ENDPOINT"] = endpoint;
            hook.Environment["IDENTITY_ENDPOINT"] = identity.Address;
            hook.Environment["IDENTITY_HEADER"] = IdentityEndpoint.Secret;
            hook.Environment["SSL_CERT_FILE"] = bundle;
            hook.Environment["KOMUNITAS_ROLE_RETRY_SECONDS"] = "1";
            using var process = Process.Start(hook)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"The hook failed ({process.ExitCode}):\n{await output}\n{await error}");
            Assert.True(identity.TokensIssued > 0, "The seed did not ask the managed-identity endpoint for a token.");

            // The reference rows are in the account the endpoint names...
            var https = new TableClientOptions { Transport = new Azure.Core.Pipeline.HttpClientTransport(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) };
            var named = new TableServiceClient(new Uri(endpoint), new TableSharedKeyCredential("devstoreaccount1", AccountKey), https);
            var regions = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "seeds", "regions"), "*.csv").Sum(f => File.ReadLines(f).Count(l => l.Length > 0) - 1);
            Assert.Equal(regions, await Rows.CountAsync(named.GetTableClient("Regions")));
            Assert.True(await Rows.CountAsync(named.GetTableClient("Coordinators")) > 0);
            // ...and the Azurite on the default ports has no table at all.
            var fallback = new TableServiceClient("UseDevelopmentStorage=true");
            var tables = new List<string>();
            await foreach (var t in fallback.QueryAsync())
            {
                tables.Add(t.Name);
            }
            Assert.Empty(tables);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    sealed class AzuriteProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            process.StandardInput.Close();
            process.WaitForExit();
        }
    }

    static AzuriteProcess StartAzurite(string work, params string[] arguments)
    {
        var bin = Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", "azurite");
        var start = new ProcessStartInfo("/bin/sh", ["-c", "\"$0\" \"$@\" & azurite=$!; trap 'kill -9 $azurite' EXIT; cat > /dev/null", bin,
            "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--disableTelemetry", .. arguments])
        {
            RedirectStandardInput = true,
            WorkingDirectory = Directory.CreateTempSubdirectory("azurite-rehearsal-").FullName,
        };
        return new AzuriteProcess(Process.Start(start)!);
    }

    static async Task RunAsync(string command, string[] arguments, string directory)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { WorkingDirectory = directory, RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{command} failed: {await error}");
    }

    /// <summary>
    /// A managed-identity endpoint as App Service offers one (GET with the X-IDENTITY-HEADER secret): it hands out a
    /// storage token shaped as Entra ID's, which Azurite's basic OAuth checks (issuer, audience, lifetime).
    /// </summary>
    sealed class IdentityEndpoint : IAsyncDisposable
    {
        public const string Secret = "rehearsal-identity-header";
        readonly WebApplication app;
        int issued;

        IdentityEndpoint(WebApplication app) => this.app = app;

        public string Address => app.Urls.First() + "/msi/token";

        public int TokensIssued => issued;

        public static async Task<IdentityEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var endpoint = new IdentityEndpoint(app);
            app.MapGet("/msi/token", (HttpRequest request) =>
            {
                if (request.Headers["X-IDENTITY-HEADER"] != Secret)
                {
                    return Results.StatusCode(StatusCodes.Status401Unauthorized);
                }
                Interlocked.Increment(ref endpoint.issued);
                var resource = request.Query["resource"].ToString();
                var now = DateTimeOffset.UtcNow;
                static string Part(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
                var token = Part(new { alg = "RS256", typ = "JWT" }) + "." + Part(new
                {
                    aud = "https://storage.azure.com",
                    iss = "https://sts.windows.net/00000000-0000-0000-0000-000000000001/",
                    nbf = now.AddMinutes(-5).ToUnixTimeSeconds(),
                    iat = now.AddMinutes(-5).ToUnixTimeSeconds(),
                    exp = now.AddHours(1).ToUnixTimeSeconds(),
                    oid = "00000000-0000-0000-0000-000000000002",
                }) + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes("unsigned")).TrimEnd('=');
                return Results.Json(new
                {
                    access_token = token,
                    expires_on = now.AddHours(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    resource,
                    token_type = "Bearer",
                    client_id = "00000000-0000-0000-0000-000000000003",
                });
            });
            await app.StartAsync();
            return endpoint;
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
