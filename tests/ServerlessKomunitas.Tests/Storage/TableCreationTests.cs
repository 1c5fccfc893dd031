using System.Net;
using Azure.Data.Tables;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Storage;

/// <summary>The app makes its own tables: a fresh storage account works before, and without, any seed step.</summary>
public class TableCreationTests
{
    [Fact]
    public async Task A_fresh_account_gets_every_table_at_start_and_a_submission_is_answered_not_failed()
    {
        await using var host = await LocalHost.StartAsync(seed: false);

        var names = new HashSet<string>();
        await foreach (var table in host.Get<TableServiceClient>().QueryAsync(t => t.Name.CompareTo(host.TablePrefix) >= 0 && t.Name.CompareTo(host.TablePrefix + "~") < 0))
        {
            names.Add(table.Name[host.TablePrefix.Length..]);
        }
        // The task hub's own tables share the prefix in tests; every one of the app's is there.
        Assert.Subset(names, host.Get<KomunitasTables>().Names.ToHashSet());

        // With no regions loaded, the kab/kota is unknown: a 400 naming it, not a 500.
        var answer = await host.Client.SendAsync(Submissions.Json(Submissions.Valid()));
        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal("application/problem+json", answer.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_table_that_went_missing_under_a_running_app_is_a_503_with_retry_after_not_a_500()
    {
        await using var host = await LocalHost.StartAsync();
        await host.Get<KomunitasTables>().Client(ServerlessKomunitas.Registrations.RegistrationStore.TableName).DeleteAsync();

        var answer = await host.Client.SendAsync(Submissions.Json(Submissions.Valid()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.NotNull(answer.Headers.RetryAfter);
        Assert.DoesNotContain("Exception", await answer.Content.ReadAsStringAsync());
    }
}
