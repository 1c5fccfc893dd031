using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Operations;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>The hourly privacy job: requests cut short are finished inside UU PDP's 3 × 24 hours, and old Durable history is purged.</summary>
public class PrivacyJobTests
{
    static async Task<JsonElement> RunJobAsync(LocalHost host)
    {
        var response = await host.Client.SendAsync(OperatorTests.Request(HttpMethod.Post, "/dev/jobs/Privacy"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task Requests_cut_short_after_opening_are_carried_out_by_the_next_run_once_they_are_stale_and_well_inside_three_days()
    {
        var clock = new MovableTime();
        await using var host = await LocalHost.StartAsync(MemberStory.Timings(), services: s => s.AddSingleton<TimeProvider>(clock));
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var leaving = await MemberStory.ConfirmedPersonAsync(host, community, "Pergi Diam-diam");
        var quiet = await MemberStory.ConfirmedPersonAsync(host, community, "Berhenti Diam-diam");
        var requests = host.Get<PrivacyRequests>();
        // The process died right after each request was recorded: nothing else happened.
        var erasure = await requests.OpenAsync(RightsRequestKind.Erasure, leaving, clock.GetUtcNow());
        var withdrawal = await requests.OpenAsync(RightsRequestKind.Withdrawal, quiet, clock.GetUtcNow());

        clock.Offset = TimeSpan.FromMinutes(5);
        Assert.Equal(0, (await RunJobAsync(host)).GetProperty("sent").GetInt32());
        Assert.NotNull(await host.Get<PersonStore>().FindPersonAsync(leaving.Key));

        clock.Offset = TimeSpan.FromMinutes(70);
        Assert.Equal(2, (await RunJobAsync(host)).GetProperty("sent").GetInt32());

        Assert.Null(await host.Get<PersonStore>().FindPersonAsync(leaving.Key));
        Assert.Equal(PersonStatus.Withdrawn, (await host.Get<PersonStore>().FindPersonAsync(quiet.Key))!.Status);
        Assert.Single(await Mail.WaitForAsync(host.Client, leaving.Email, "Data Anda sudah dihapus"));
        Assert.Single(await Mail.WaitForAsync(host.Client, quiet.Email, "Persetujuan Anda sudah ditarik"));
        var log = await requests.LogAsync(erasure.RequestedAt.AddSeconds(-1), clock.GetUtcNow());
        Assert.Equal(2, log.Count);
        Assert.All(log, entry => Assert.InRange(entry.CompletedAt - entry.RequestedAt, TimeSpan.FromMinutes(60), TimeSpan.FromHours(72)));
        Assert.Contains(log, entry => entry.LogId == erasure.LogId && entry.Counts.Contains("Persons=2"));
        Assert.Contains(log, entry => entry.LogId == withdrawal.LogId);

        // Nothing is left to do, and nothing is sent twice.
        Assert.Equal(0, (await RunJobAsync(host)).GetProperty("sent").GetInt32());
        Assert.Empty(await requests.OpenBeforeAsync(clock.GetUtcNow().AddDays(1)));
        Assert.Single(await Mail.ToAsync(host.Client, leaving.Email), m => m.Subject == "Data Anda sudah dihapus");
    }

    [Fact]
    public async Task Durable_history_of_workflows_finished_longer_ago_than_the_retention_is_purged_and_newer_history_is_kept()
    {
        var clock = new MovableTime();
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings()) { ["Privacy:HistoryRetention"] = "1.00:00:00" },
            services: s => s.AddSingleton<TimeProvider>(clock));
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var client = host.Get<DurableTaskClient>();
        var old = await JoinedAsync(host, community);
        var recent = await JoinedAsync(host, community);
        var pending = new MemberStory(host, community.Id);
        Assert.Equal(HttpStatusCode.Accepted, (await pending.SignUpAsync()).StatusCode);

        // The job runs a day (the retention) after a moment between the two endings, however long each step took here.
        var oldEnded = (await client.GetInstanceAsync(old))!.LastUpdatedAt;
        var recentEnded = (await client.GetInstanceAsync(recent))!.LastUpdatedAt;
        Assert.True(recentEnded > oldEnded);
        clock.Offset = oldEnded + (recentEnded - oldEnded) / 2 + TimeSpan.FromDays(1) - DateTimeOffset.UtcNow;
        await RunJobAsync(host);

        Assert.Null(await client.GetInstanceAsync(old));
        Assert.NotNull(await client.GetInstanceAsync(recent));
        Assert.NotNull(await client.GetInstanceAsync(Membership.InstanceIdOf(pending.PersonKey, community.Id, 1)));
    }

    /// <summary>A member who signs up and confirms; returns their finished sign-up workflow.</summary>
    static async Task<string> JoinedAsync(LocalHost host, Registration community)
    {
        var member = new MemberStory(host, community.Id);
        Assert.Equal(HttpStatusCode.Accepted, (await member.SignUpAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.ConfirmAsync(await member.ConfirmLinkAsync())).StatusCode);
        Assert.Equal(MembershipStatus.Confirmed, await member.CompletionAsync());
        return Membership.InstanceIdOf(member.PersonKey, community.Id, 1);
    }
}
