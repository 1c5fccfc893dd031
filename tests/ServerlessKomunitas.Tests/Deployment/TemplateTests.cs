using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using ServerlessKomunitas.Tests.Hosting;

namespace ServerlessKomunitas.Tests.Deployment;

/// <summary>The compiled Bicep has what the deployment story needs; a setting added to the code but not to the infra fails here.</summary>
public class TemplateTests
{
    readonly ArmTemplate template = ArmTemplate.Load();

    /// <summary>The app settings: one ARM expression (concat of literal name/value objects), as text.</summary>
    string SiteSettings => template.OfType("Microsoft.Web/sites").Single()["properties"]!["siteConfig"]!["appSettings"]!.GetValue<string>();

    [Fact]
    public void Is_subscription_scoped_with_the_outputs_azd_reads()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", template.Root["$schema"]!.GetValue<string>());
        var outputs = template.Root["outputs"]!.AsObject().Select(o => o.Key).ToList();
        Assert.Contains("AZURE_LOCATION", outputs);
        Assert.Contains("AZURE_RESOURCE_GROUP", outputs);
        Assert.Contains("AZURE_KEY_VAULT_NAME", outputs);
        Assert.Contains("AZURE_STORAGE_TABLE_ENDPOINT", outputs);
        Assert.All(outputs, o => Assert.Matches("^[A-Z][A-Z0-9_]*$", o));
        Assert.Equal("[variables('tags')]", template.OfType("Microsoft.Resources/resourceGroups").Single()["tags"]!.GetValue<string>());
        Assert.NotNull(template.Root["variables"]!["tags"]!["azd-env-name"]);
    }

    [Fact]
    public void Storage_allows_no_shared_keys_and_no_public_blobs()
    {
        var storage = template.OfType("Microsoft.Storage/storageAccounts").Single(r => r["properties"]?["allowSharedKeyAccess"] is not null);
        var properties = storage["properties"]!;

        Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
        Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
        Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
        foreach (var service in new[] { "blobServices", "queueServices", "tableServices" })
        {
            Assert.Single(template.OfType($"Microsoft.Storage/storageAccounts/{service}"));
        }
    }

    [Theory]
    [InlineData("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Storage Blob Data Owner")]
    [InlineData("974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Storage Queue Data Contributor")]
    [InlineData("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Storage Table Data Contributor")]
    [InlineData("4633458b-17de-408a-b874-0445c86b69e6", "Key Vault Secrets User")]
    public void The_apps_identity_has_each_role_it_needs(string roleId, string role)
    {
        var roles = template.Deployment("rbac")["variables"]!["roles"]!.AsObject();
        var key = roles.Single(r => r.Value!.GetValue<string>() == roleId).Key;
        var assignments = template.OfType("Microsoft.Authorization/roleAssignments")
            .Select(r => (Role: r["properties"]!["roleDefinitionId"]!.GetValue<string>(), Principal: r["properties"]!["principalId"]!.GetValue<string>()));

        Assert.True(assignments.Any(a => a.Role.Contains($".{key})") && a.Principal == "[parameters('appPrincipalId')]"),
            $"No {role} assignment for the app's identity.");
    }

    [Fact]
    public void The_function_app_runs_dotnet_isolated_10_on_flex_consumption_with_an_always_ready_durable_instance()
    {
        var plan = template.OfType("Microsoft.Web/serverfarms").Single();
        var site = template.OfType("Microsoft.Web/sites").Single();
        var config = site["properties"]!["functionAppConfig"]!;

        Assert.Equal("FC1", plan["sku"]!["name"]!.GetValue<string>());
        Assert.Equal("FlexConsumption", plan["sku"]!["tier"]!.GetValue<string>());
        Assert.Equal("dotnet-isolated", config["runtime"]!["name"]!.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]!["version"]!.GetValue<string>());
        Assert.Contains("\"name\":\"durable\"", config["scaleAndConcurrency"]!["alwaysReady"]!.ToJsonString().Replace(" ", ""));
        Assert.Equal("UserAssignedIdentity", config["deployment"]!["storage"]!["authentication"]!["type"]!.GetValue<string>());
        Assert.NotNull(site["properties"]!["keyVaultReferenceIdentity"]);
    }

    [Fact]
    public void Storage_settings_are_identity_based()
    {
        foreach (var name in new[] { "AzureWebJobsStorage__credential", "AzureWebJobsStorage__clientId", "AzureWebJobsStorage__blobServiceUri",
                     "AzureWebJobsStorage__queueServiceUri", "AzureWebJobsStorage__tableServiceUri", "TaskHubName" })
        {
            Assert.Contains($"'{name}'", SiteSettings);
        }
        Assert.DoesNotContain("AccountKey", SiteSettings);
        Assert.DoesNotContain("listKeys", template.Root.ToJsonString());
    }

    [Fact]
    public void Secrets_come_from_key_vault_references()
    {
        Assert.Matches(@"'Email__SendGridApiKey', 'value', format\('@Microsoft\.KeyVault\(", SiteSettings);
        Assert.Matches(@"Links__Keys__\{0\}', parameters\('linkActiveKeyId'\)\), 'value', format\('@Microsoft\.KeyVault\(", SiteSettings);
        Assert.DoesNotContain("secureString", template.Root["parameters"]!.ToJsonString());
    }

    /// <summary>
    /// WhatsApp's settings exist only with a Twilio account: its SIDs as plain settings, one Content SID setting per
    /// "template=HX..." pair, and the auth token as a Key Vault reference; each setting is one WhatsAppOptions reads.
    /// </summary>
    [Fact]
    public void WhatsApp_settings_come_with_a_twilio_account_and_the_auth_token_from_key_vault()
    {
        var variables = template.Deployment("functions")["variables"]!.AsObject();
        var whatsApp = variables["whatsAppSettings"]!.GetValue<string>();
        Assert.StartsWith("[if(empty(parameters('twilioAccountSid')), createArray(),", whatsApp);
        Assert.Contains("'WhatsApp__AuthToken', 'value', format('@Microsoft.KeyVault({0}TwilioAuthToken)'", whatsApp);
        Assert.Contains("variables('whatsAppSettings')", SiteSettings);
        var perTemplate = variables["copy"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "whatsAppContentSidSettings")!;
        Assert.Contains("format('WhatsApp__ContentSids__{0}'", perTemplate["input"]!["name"]!.GetValue<string>());
        var settings = typeof(ServerlessKomunitas.WhatsApp.WhatsAppOptions).GetProperties()
            .Where(p => p.Name is not nameof(ServerlessKomunitas.WhatsApp.WhatsAppOptions.ApiBaseUrl) && p.CanWrite).Select(p => p.Name).ToList();
        Assert.Equal(["AccountSid", "AuthToken", "ContentSids", "MessagingServiceSid"], settings.Order());
        Assert.All(settings.Where(n => n != "ContentSids"), name => Assert.Contains($"'WhatsApp__{name}'", whatsApp));
        var parameters = File.ReadAllText(Path.Combine(Harness.RepositoryRoot.Path, "infra", "main.parameters.json"));
        Assert.Contains("\"${TWILIO_ACCOUNT_SID=}\"", parameters);
        Assert.Contains("\"${WHATSAPP_CONTENT_SIDS=}\"", parameters);
    }

    /// <summary>Every option the code requires (a [Required] property with no usable default) has an app setting.</summary>
    [Fact]
    public void Every_required_option_has_an_app_setting()
    {
        var required = typeof(KomunitasFeatures).Assembly.GetTypes()
            .Where(t => t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true })
            .SelectMany(t => t.GetProperties()
                .Where(p => p.GetCustomAttribute<RequiredAttribute>() is not null)
                .Select(p => Setting((string)t.GetField("Section")!.GetRawConstantValue()!, p.Name)))
            .ToList();

        Assert.Contains("Email__From", required);
        Assert.Contains("PublicBaseUrl", required);
        Assert.Contains("Links__ActiveKeyId", required);
        Assert.All(required, name => Assert.Contains($"'{name}'", SiteSettings));
    }

    /// <summary>Every %SETTING% a timer trigger's schedule names is an app setting too.</summary>
    [Fact]
    public void Every_schedule_setting_has_an_app_setting()
    {
        var schedules = FunctionsInventory.Functions()
            .SelectMany(f => f.Method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()))
            .Where(a => a is not null)
            .Select(a => Regex.Match(a!.Schedule, "^%(.+)%$"))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value.Replace(":", "__"));

        Assert.All(schedules, name => Assert.Contains($"'{name}'", SiteSettings));
    }

    [Fact]
    public void The_failure_alert_watches_workflows_and_emails()
    {
        var rule = template.OfType("Microsoft.Insights/scheduledQueryRules").Single();

        Assert.Contains("EmailSendFailed", rule.ToJsonString());
        Assert.Contains("WorkflowFailed", rule.ToJsonString());
        Assert.Equal("PT15M", rule["properties"]!["windowSize"]!.GetValue<string>());
    }

    static string Setting(string section, string property) => section.Length == 0 ? property : $"{section}__{property}";
}
