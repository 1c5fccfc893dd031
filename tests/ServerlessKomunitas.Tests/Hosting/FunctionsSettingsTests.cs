using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Local.Hosting;
using ServerlessKomunitas.Notifications;

namespace ServerlessKomunitas.Tests.Hosting;

/// <summary>The local.settings.json that `npm start` and the real-host tests write starts the Functions app: every option it needs validates.</summary>
public class FunctionsSettingsTests
{
    [Fact]
    public void The_written_settings_pass_every_options_check_the_worker_makes_at_start()
    {
        var values = new FunctionsSettings(Port: 7071, MailPort: 7072).Values();
        // As the host passes them: environment variables, "__" for ":".
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.ToDictionary(v => v.Key.Replace("__", ":"), v => (string?)v.Value))
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging().AddKomunitas().BuildServiceProvider();

        // The same checks the worker runs at start (ValidateOnStart).
        services.GetRequiredService<IStartupValidator>().Validate();

        Assert.Equal("http://localhost:7071", services.GetRequiredService<IOptions<SiteOptions>>().Value.PublicBaseUrl);
        Assert.Equal("http://127.0.0.1:7072", services.GetRequiredService<IOptions<EmailOptions>>().Value.SendGridHost);
        Assert.Equal("true", values["AzureWebJobsDisableHomepage"]);
        Assert.All(JobCatalog.All, job => Assert.Equal(job.DefaultSchedule, values[job.ScheduleSetting]));
    }

    /// <summary>
    /// The Durable queues are tuned for Azurite as Local tunes them (BENCHMARKS.md: with the extension's defaults the
    /// Functions host polled twice as often and ran the proposal story at half Local's rate), as app settings that
    /// override host.json, which keeps Azure's defaults.
    /// </summary>
    [Fact]
    public void The_written_settings_give_the_Durable_queues_one_partition_and_a_one_second_polling_limit_over_host_json()
    {
        var values = new FunctionsSettings().Values();

        Assert.Equal("1", values["AzureFunctionsJobHost__extensions__durableTask__storageProvider__partitionCount"]);
        Assert.Equal("00:00:01", values["AzureFunctionsJobHost__extensions__durableTask__storageProvider__maxQueuePollingInterval"]);
        var hostJson = File.ReadAllText(Path.Combine(Harness.RepositoryRoot.Path, "host.json"));
        Assert.DoesNotContain("partitionCount", hostJson, StringComparison.Ordinal);
        Assert.DoesNotContain("maxQueuePollingInterval", hostJson, StringComparison.Ordinal);
    }

    [Fact]
    public void With_jobs_disabled_every_timer_is_off_through_its_disabled_setting_and_keeps_a_schedule_it_can_parse()
    {
        var values = new FunctionsSettings(JobsDisabled: true).Values();

        Assert.All(JobCatalog.All, job =>
        {
            Assert.Equal("true", values[$"AzureWebJobs.{job.Name}.Disabled"]);
            Assert.False(string.IsNullOrWhiteSpace(values[job.ScheduleSetting]));
        });
    }
}
