using System.Diagnostics;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Deployment;

/// <summary>
/// The azd hooks and the parameters they feed, checked offline: the hooks run with stand-ins for `az`, `azd` and
/// `dotnet` on PATH that record each call (and can refuse the first ones, as Azure does while a role assignment
/// propagates).
/// </summary>
public class DeployHookTests
{
    readonly ArmTemplate template = ArmTemplate.Load();

    [Fact]
    public void An_empty_sender_is_refused_when_provisioning_not_when_the_app_starts()
    {
        var emailFrom = template.Root["parameters"]!["emailFrom"]!;
        Assert.True(emailFrom["minLength"]!.GetValue<int>() >= 3);
    }

    [Fact]
    public void The_key_vault_name_carries_the_environments_own_random_suffix_so_azd_down_then_up_works()
    {
        var keyVault = template.OfType("Microsoft.Resources/deployments").Single(d => d["name"]!.GetValue<string>() == "keyvault");
        Assert.Contains("parameters('keyVaultSuffix')", keyVault["properties"]!["parameters"]!["name"]!.GetValue<string>());
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "infra", "main.parameters.json")))!;
        Assert.Equal("${KOMUNITAS_KEY_VAULT_SUFFIX}", parameters["parameters"]!["keyVaultSuffix"]!["value"]!.GetValue<string>());
        var azureYaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "azure.yaml"));
        Assert.Contains("preprovision.sh", azureYaml);
        Assert.Matches(@"postdown:[\s\S]*azd env set KOMUNITAS_KEY_VAULT_SUFFIX """"", azureYaml);
    }

    [Fact]
    public async Task Preprovision_makes_the_suffix_once_and_refuses_to_go_on_without_a_sender()
    {
        using var stubs = new Stubs();

        var made = await stubs.RunAsync("preprovision.sh", new() { ["KOMUNITAS_EMAIL_FROM"] = "noreply@komunitas.example.org" });
        var kept = await stubs.RunAsync("preprovision.sh", new() { ["KOMUNITAS_EMAIL_FROM"] = "noreply@komunitas.example.org", ["KOMUNITAS_KEY_VAULT_SUFFIX"] = "a1b2c3" });
        var noSender = await stubs.RunAsync("preprovision.sh", new() { ["KOMUNITAS_KEY_VAULT_SUFFIX"] = "a1b2c3" });

        Assert.Equal(0, made.ExitCode);
        Assert.Matches("^azd env set KOMUNITAS_KEY_VAULT_SUFFIX [0-9a-f]{6}$", Assert.Single(made.Calls));
        Assert.Equal(0, kept.ExitCode);
        Assert.Empty(kept.Calls);
        Assert.NotEqual(0, noSender.ExitCode);
        Assert.Contains("KOMUNITAS_EMAIL_FROM", noSender.Error);
    }

    [Fact]
    public async Task Postprovision_waits_out_role_propagation_then_asks_the_app_to_resolve_its_key_vault_references()
    {
        // Key Vault and storage answer 403 twice before the new role assignments reach them.
        using var stubs = new Stubs(refusalsPerCommand: 2);

        var run = await stubs.RunAsync("postprovision.sh", new()
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test-a1b2c3",
            ["AZURE_STORAGE_TABLE_ENDPOINT"] = "https://sttest.table.core.windows.net/",
            ["AZURE_FUNCTION_APP_NAME"] = "func-komunitas-test",
            ["AZURE_RESOURCE_GROUP"] = "rg-test",
            ["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-000000000001",
            ["SENDGRID_API_KEY"] = "SG.test",
        });

        Assert.True(run.ExitCode == 0, run.Error);
        var succeeded = run.Calls.Where(c => !c.StartsWith("refused ", StringComparison.Ordinal)).ToList();
        Assert.Contains(succeeded, c => c.StartsWith("az keyvault secret set --vault-name kv-test-a1b2c3 --name SendGridApiKey", StringComparison.Ordinal));
        Assert.Contains(succeeded, c => c.StartsWith("az keyvault secret set --vault-name kv-test-a1b2c3 --name LinkKey-k1", StringComparison.Ordinal));
        Assert.Contains(succeeded, c => c == "dotnet run --project functions/ServerlessKomunitas.Local -c Release -- seed --reference-only tableServiceUri=https://sttest.table.core.windows.net/");
        Assert.Equal(
            "az rest --method post --output none --url /subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-test/providers/Microsoft.Web/sites/func-komunitas-test/config/configreferences/appsettings/refresh?api-version=2022-03-01",
            succeeded.Last());
        Assert.Contains(run.Calls, c => c.StartsWith("refused dotnet run", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Postprovision_stores_the_twilio_auth_token_and_warns_when_whatsapp_is_on_without_one()
    {
        using var stubs = new Stubs();
        var environment = new Dictionary<string, string>
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test-a1b2c3",
            ["AZURE_STORAGE_TABLE_ENDPOINT"] = "https://sttest.table.core.windows.net/",
            ["TWILIO_ACCOUNT_SID"] = "AC" + new string('0', 32),
        };

        var without = await stubs.RunAsync("postprovision.sh", environment);
        Assert.True(without.ExitCode == 0, without.Error);
        Assert.Contains("azd env set TWILIO_AUTH_TOKEN", without.Error);
        Assert.DoesNotContain(without.Calls, c => c.Contains("TwilioAuthToken", StringComparison.Ordinal));

        var with = await stubs.RunAsync("postprovision.sh", new(environment) { ["TWILIO_AUTH_TOKEN"] = "token-uji" });
        Assert.True(with.ExitCode == 0, with.Error);
        Assert.Contains(with.Calls, c => c.StartsWith("az keyvault secret set --vault-name kv-test-a1b2c3 --name TwilioAuthToken --value token-uji", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Postprovision_gives_up_with_a_clear_message_when_a_role_never_arrives()
    {
        using var stubs = new Stubs(refusalsPerCommand: 1000);

        var run = await stubs.RunAsync("postprovision.sh", new()
        {
            ["AZURE_KEY_VAULT_NAME"] = "kv-test-a1b2c3",
            ["AZURE_STORAGE_TABLE_ENDPOINT"] = "https://sttest.table.core.windows.net/",
            ["SENDGRID_API_KEY"] = "SG.test",
            ["KOMUNITAS_ROLE_WAIT_SECONDS"] = "2",
        });

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("Still failing after waiting for role assignments to propagate", run.Error);
    }

    /// <summary>A folder of stand-in commands, each logging its arguments and refusing its first N calls.</summary>
    sealed class Stubs : IDisposable
    {
        readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("deploy-hooks-");

        public Stubs(int refusalsPerCommand = 0)
        {
            foreach (var command in new[] { "az", "azd", "dotnet" })
            {
                // `secret show` finds nothing, as in a new vault; every other call is logged, refused its first N times.
                var body = $$"""
                    #!/bin/sh
                    case "$*" in *"secret show"*) exit 3;; esac
                    line="{{command}} $*"
                    [ "{{command}}" = dotnet ] && line="$line tableServiceUri=$AzureWebJobsStorage__tableServiceUri"
                    count_file="{{folder.FullName}}/{{command}}-$(printf '%s' "$*" | cksum | cut -d' ' -f1)"
                    count=$(cat "$count_file" 2>/dev/null || echo 0); echo $((count + 1)) > "$count_file"
                    if [ "$count" -lt {{refusalsPerCommand}} ]; then echo "refused $line" >> "{{folder.FullName}}/calls"; echo "403 Forbidden" >&2; exit 1; fi
                    echo "$line" >> "{{folder.FullName}}/calls"
                    """;
                var path = Path.Combine(folder.FullName, command);
                File.WriteAllText(path, body.Replace("\r", ""));
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }
        }

        public async Task<(int ExitCode, IReadOnlyList<string> Calls, string Error)> RunAsync(string script, Dictionary<string, string> environment)
        {
            File.Delete(Path.Combine(folder.FullName, "calls"));
            var start = new ProcessStartInfo("sh", [Path.Combine(RepositoryRoot.Path, "infra", "scripts", script)])
            {
                WorkingDirectory = RepositoryRoot.Path,
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            };
            start.Environment.Clear();
            start.Environment["PATH"] = folder.FullName + ":/usr/bin:/bin";
            start.Environment["KOMUNITAS_ROLE_RETRY_SECONDS"] = "0";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            var calls = Path.Combine(folder.FullName, "calls");
            return (process.ExitCode, File.Exists(calls) ? File.ReadAllLines(calls) : [], await error);
        }

        public void Dispose() => folder.Delete(recursive: true);
    }
}
