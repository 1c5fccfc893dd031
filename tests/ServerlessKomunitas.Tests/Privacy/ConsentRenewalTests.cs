using System.Net;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Privacy;

/// <summary>A new consent text that requires fresh consent: asked for at the next contact, and no category email until given.</summary>
public class ConsentRenewalTests
{
    const string Challenge = "Tantangan kreatif minggu ini";
    const string Renewal = "Mohon perbarui persetujuan data Anda";
    static readonly DateTimeOffset Monday0230 = new(2026, 11, 30, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_member_who_agreed_to_an_older_text_is_asked_once_instead_of_emailed_and_gets_the_challenge_after_agreeing_again()
    {
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings())
        {
            ["Consent:CurrentVersion"] = "2027-01",
            ["Consent:RequiredVersion"] = "2027-01",
            // Forms loaded before the new text went live still come in.
            ["Consent:AcceptedVersions:0"] = "2026-11",
        });
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var stale = await MemberStory.ConfirmedPersonAsync(host, community, "Setuju Lama", "31.71", ["musik"]);
        var current = await MemberStory.ConfirmedPersonAsync(host, community, "Setuju Baru", "31.71", ["musik"]);
        await host.Get<PersonStore>().RenewConsentAsync(current.Key, "2027-01", DateTimeOffset.UtcNow);
        var job = host.Get<WeeklyChallengeJob>();

        await job.RunAsync(Monday0230, CancellationToken.None);
        await job.RunAsync(Monday0230.AddMinutes(10), CancellationToken.None);

        Assert.Single(await Mail.WaitForAsync(host.Client, current.Email, Challenge));
        var ask = Assert.Single(await Mail.WaitForAsync(host.Client, stale.Email, Renewal));
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, stale.Email), m => m.Subject == Challenge);

        var preferences = new Uri(Assert.Single(ask.Links("/api/preferences"))).PathAndQuery;
        Assert.Contains("Setujui teks baru", await host.Client.GetStringAsync(preferences));
        var unticked = await host.Client.PostAsync(preferences, new FormUrlEncodedContent([new("action", "consent"), new("consentVersion", "2027-01")]));
        Assert.Equal(HttpStatusCode.BadRequest, unticked.StatusCode);
        Assert.Contains("wajib diberikan", await unticked.Content.ReadAsStringAsync());
        var agreed = await host.Client.PostAsync(preferences, new FormUrlEncodedContent([new("action", "consent"), new("consent", "on"), new("consentVersion", "2027-01")]));
        Assert.Equal(HttpStatusCode.OK, agreed.StatusCode);
        Assert.Contains("Persetujuan diperbarui", await agreed.Content.ReadAsStringAsync());
        Assert.Equal("2027-01", (await host.Get<PersonStore>().FindPersonAsync(stale.Key))!.ConsentVersion);

        await job.RunAsync(Monday0230.AddMinutes(20), CancellationToken.None);
        Assert.Single(await Mail.WaitForAsync(host.Client, stale.Email, Challenge));
        Assert.Single(await Mail.ToAsync(host.Client, stale.Email), m => m.Subject == Renewal);
    }
}
