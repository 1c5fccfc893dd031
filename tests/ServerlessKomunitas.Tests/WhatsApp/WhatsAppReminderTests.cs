using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.Tests.Rsvps;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// The day-before event reminder on WhatsApp: a member who opted in gets it in the WhatsApp view (and by email, both
/// being the default), replies BERHENTI and gets nothing more there, the next reminder going by email; a member who
/// chose WhatsApp only gets no email, unless WhatsApp fails, and then exactly one. The stories run on the real
/// Functions host too (<see cref="RealHost.SharedFunctionsHostTests"/>), whose webhook takes the statuses and replies.
/// </summary>
public class WhatsAppReminderTests
{
    /// <summary>Three days from now at 02.00 UTC (10.00 WITA): the day-before reminder is due from 01.00 UTC the day before.</summary>
    static DateTimeOffset Start(int hours = 0) => new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddDays(3).AddHours(2 + hours);

    /// <summary>A confirmed member in Tabalong (WITA) who opted in to WhatsApp on a number of their own, through the preferences page and the opt-in message.</summary>
    internal static async Task<(Person Person, string Number, string Change)> OptedInMemberAsync(IAppHost host, Registration community, string number)
    {
        var person = await MemberStory.ConfirmedPersonAsync(host, community, "Rina Wulandari", "63.09");
        var change = ApiRoutes.ChangeWhatsApp.Path + new Uri(host.Get<PreferenceLinks>().Page(person.Key)).Query;
        var asked = await host.Client.PostJsonAsync(change, new { action = "request", number, consent = true, consentVersion = WhatsAppConsentText.Version });
        Assert.Equal(HttpStatusCode.Accepted, asked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(Assert.Single(await WhatsAppOptInTests.OptInLinksAsync(host, number)), null)).StatusCode);
        return (person, number, change);
    }

    static string UniqueNumber(string ending = "") =>
        "+62813" + Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + (ending.Length > 0 ? ending : Random.Shared.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture));

    static async Task<List<string>> TemplateMessagesAsync(IAppHost host, string number) =>
        [.. JsonDocument.Parse(await host.Client.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}")).RootElement
            .EnumerateArray().Where(m => m.GetProperty("contentSid").ValueKind == JsonValueKind.String).Select(m => m.GetProperty("text").GetString()!)];

    [Fact]
    public async Task A_member_who_opted_in_gets_the_day_before_reminder_on_whatsapp_replies_berhenti_and_gets_nothing_more_there()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        await RemindThenStopAsync(host);
    }

    internal static async Task RemindThenStopAsync(IAppHost host)
    {
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var (person, number, _) = await OptedInMemberAsync(host, community, UniqueNumber());
        var first = (await EventStory.PublishAsync(host, community, Start(), 20, "Kelas Animasi 2D " + Guid.NewGuid().ToString("N")[..6])).Proposal;
        var second = (await EventStory.PublishAsync(host, community, Start(1), 20, "Lokakarya Foto " + Guid.NewGuid().ToString("N")[..6])).Proposal;
        var rsvps = host.Get<RsvpStore>();
        await rsvps.AttendAsync(first.Id, person.Key, first.Capacity, DateTimeOffset.UtcNow);
        var job = host.Get<EventReminderJob>();

        await job.RunAsync(Start().AddDays(-1), default);
        var reminder = (await TemplateMessagesAsync(host, number))[0];
        Assert.StartsWith($"Halo Rina, pengingat: {first.Title} besok, ", reminder);
        Assert.Contains("WITA", reminder);
        Assert.Contains("/api/events/", reminder);
        await Mail.WaitForAsync(host.Client, person.Email, $"Pengingat: {first.Title} besok");
        // Run again: nothing more on either channel.
        await job.RunAsync(Start().AddDays(-1).AddMinutes(30), default);
        Assert.Equal(2, (await TemplateMessagesAsync(host, number)).Count);

        var stop = await host.Client.PostAsync("/dev/whatsapp/reply", new FormUrlEncodedContent(new Dictionary<string, string> { ["from"] = number, ["body"] = "BERHENTI" }));
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        await rsvps.AttendAsync(second.Id, person.Key, second.Capacity, DateTimeOffset.UtcNow);
        await job.RunAsync(Start().AddDays(-1).AddHours(1), default);

        // The second event's reminder went by email; in the WhatsApp view, only the opt-in message and the first reminder.
        await Mail.WaitForAsync(host.Client, person.Email, $"Pengingat: {second.Title} besok");
        var templates = await TemplateMessagesAsync(host, number);
        Assert.Equal(2, templates.Count);
        Assert.DoesNotContain(templates, t => t.Contains(second.Title, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_member_who_chose_whatsapp_only_gets_no_email_unless_whatsapp_fails_and_then_exactly_one()
    {
        await using var host = await LocalHost.StartAsync(MemberStory.Timings());
        await WhatsAppOnlyFallsBackAsync(host);
    }

    internal static async Task WhatsAppOnlyFallsBackAsync(IAppHost host)
    {
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        var (reached, _, reachedChange) = await OptedInMemberAsync(host, community, UniqueNumber());
        // A number ending in 0000: the dev service reports its messages failed (63024), as WhatsApp does for a number it cannot reach.
        var (unreachable, unreachableNumber, unreachableChange) = await OptedInMemberAsync(host, community, UniqueNumber("0000"));
        foreach (var change in new[] { reachedChange, unreachableChange })
        {
            var chosen = await host.Client.PostJsonAsync(change, new Dictionary<string, string> { ["action"] = "channels", ["event-reminders"] = "whatsapp" });
            Assert.Equal(HttpStatusCode.OK, chosen.StatusCode);
            Assert.Equal("whatsapp", (await chosen.ReadJson()).GetProperty("channels").GetProperty("event-reminders").GetString());
        }
        var bad = await host.Client.PostJsonAsync(reachedChange, new Dictionary<string, string> { ["action"] = "channels", ["check-ins"] = "surat" });
        Assert.Equal("check-ins", Assert.Single((await bad.ReadJson()).GetProperty("errors").EnumerateObject()).Name);

        var e = (await EventStory.PublishAsync(host, community, Start(2), 20, "Temu Ilustrator " + Guid.NewGuid().ToString("N")[..6])).Proposal;
        foreach (var person in new[] { reached, unreachable })
        {
            await host.Get<RsvpStore>().AttendAsync(e.Id, person.Key, e.Capacity, DateTimeOffset.UtcNow);
        }
        var report = await host.Get<EventReminderJob>().RunAsync(Start(2).AddDays(-1), default);
        Assert.Equal(2, report.Sent);

        // The unreachable number's message fails; its status callback brings exactly one email.
        var subject = $"Pengingat: {e.Title} besok";
        var fallback = Assert.Single(await Mail.WaitForAsync(host.Client, unreachable.Email, subject));
        Assert.Contains("Pengingat lewat WhatsApp tidak sampai", fallback.Text);
        var failed = await WaitForStatusAsync(host, unreachable.Key, "failed");
        Assert.Equal(63024, failed.ErrorCode);

        // Twilio's callback again: no second email. The reached member got it on WhatsApp only.
        var options = host.Get<Microsoft.Extensions.Options.IOptions<WhatsAppOptions>>().Value;
        var url = host.Get<Microsoft.Extensions.Options.IOptions<ServerlessKomunitas.Notifications.SiteOptions>>().Value.Link(ApiRoutes.TwilioEvents.Path);
        var fields = new Dictionary<string, string>
        {
            ["MessageSid"] = failed.MessageSid!, ["MessageStatus"] = "failed", ["ErrorCode"] = "63024", ["To"] = "whatsapp:" + unreachableNumber,
        };
        using var replay = new HttpRequestMessage(HttpMethod.Post, new Uri(url).PathAndQuery) { Content = new FormUrlEncodedContent(fields) };
        replay.Headers.Add(TwilioWebhook.SignatureHeader, ServerlessKomunitas.Local.Mail.TwilioEndpoint.Sign(options.AuthToken!, url, fields));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(replay)).StatusCode);
        await WaitForStatusAsync(host, reached.Key, "delivered");
        await host.Get<EventReminderJob>().RunAsync(Start(2).AddDays(-1).AddMinutes(30), default);
        Assert.Single(await Mail.ToAsync(host.Client, unreachable.Email), m => m.Subject == subject);
        Assert.DoesNotContain(await Mail.ToAsync(host.Client, reached.Email), m => m.Subject == subject);
    }

    static async Task<WhatsAppRecord> WaitForStatusAsync(IAppHost host, string personKey, string status, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var reminder = (await host.Get<WhatsAppLedger>().OfPersonAsync(personKey, CancellationToken.None))
                .SingleOrDefault(m => m.Kind == WhatsAppTemplates.EventReminder.Name);
            if (reminder?.Status == status)
            {
                return reminder;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The reminder's status is {reminder?.Status}, not {status}, after {seconds} s.");
            await Task.Delay(100);
        }
    }
}
