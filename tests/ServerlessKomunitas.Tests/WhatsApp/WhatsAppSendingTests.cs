using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using ServerlessKomunitas.Local.Mail;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Tests.Registrations;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// A template message sent once through the ledger and the real Twilio client, its statuses coming back as signed
/// callbacks from the dev service to the app's webhook, each applied once; forged calls refused; and the person's
/// messages in their export and deleted at Twilio on erasure. The same story runs on the real Functions host
/// (<see cref="RealHost.SharedFunctionsHostTests"/>).
/// </summary>
public class WhatsAppSendingTests
{
    static readonly WhatsAppTemplate Template = WhatsAppTemplates.EventReminder;

    static IReadOnlyDictionary<string, string> Values() =>
        Template.Values("Rina", "Kelas Animasi 2D", "besok pukul 19.00 WITA", "Taman Budaya Mataram", "http://localhost:7071/api/rsvp/contoh");

    static async Task<WhatsAppRecord> SettledAsync(IAppHost host, string personKey, string status, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var record = Assert.Single(await host.Get<WhatsAppLedger>().OfPersonAsync(personKey, CancellationToken.None));
            if (record.Status == status)
            {
                return record;
            }
            Assert.True(DateTime.UtcNow < deadline, $"The message's status is {record.Status}, not {status}, after {seconds} s.");
            await Task.Delay(100);
        }
    }

    static async Task<JsonElement> BoxAsync(IAppHost host, string number) =>
        JsonDocument.Parse(await host.Client.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString("whatsapp:" + number)}")).RootElement;

    /// <summary>A callback as the dev service would post it, signed with <paramref name="token"/> over <paramref name="url"/>.</summary>
    /// <param name="signedUrl">The address the signature covers, when not the one called.</param>
    static HttpRequestMessage Callback(string url, string token, Dictionary<string, string> fields, string? signature = null, string? signedUrl = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url).PathAndQuery) { Content = new FormUrlEncodedContent(fields) };
        request.Headers.Add(TwilioWebhook.SignatureHeader, signature ?? TwilioEndpoint.Sign(token, signedUrl ?? url, fields));
        return request;
    }

    [Fact]
    public async Task A_message_is_sent_once_its_statuses_are_applied_once_and_forged_callbacks_are_refused()
    {
        await using var host = await LocalHost.StartAsync();
        await SendOnceAndFollowAsync(host);
    }

    internal static async Task SendOnceAndFollowAsync(IAppHost host)
    {
        var person = Person.KeyOf($"{Guid.NewGuid():N}@example.org");
        var number = "+62812" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sender = host.Get<WhatsAppSender>();

        Assert.Equal(WhatsAppOutcome.Sent, await sender.SendOnceAsync(person, "reminder-1", number, Template, Values()));
        Assert.Equal(WhatsAppOutcome.AlreadySent, await sender.SendOnceAsync(person, "reminder-1", number, Template, Values()));
        var delivered = await SettledAsync(host, person, "delivered");
        Assert.Single((await BoxAsync(host, number)).EnumerateArray());
        Assert.Equal(Template.Name, delivered.Kind);

        // A replay of Twilio's own callback changes nothing; forged, unsigned or re-addressed ones are refused.
        var options = host.Get<Microsoft.Extensions.Options.IOptions<WhatsAppOptions>>().Value;
        var url = host.Get<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value.Link(ApiRoutes.TwilioEvents.Path);
        var fields = new Dictionary<string, string> { ["MessageSid"] = delivered.MessageSid!, ["MessageStatus"] = "delivered", ["To"] = "whatsapp:" + number };
        var replay = await host.Client.SendAsync(Callback(url, options.AuthToken!, fields));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.False((await replay.ReadJson()).GetProperty("applied").GetBoolean());
        var failed = new Dictionary<string, string>(fields) { ["MessageStatus"] = "failed" };
        foreach (var forged in new[]
        {
            Callback(url, "tebakan", failed),
            Callback(url, options.AuthToken!, failed, signature: ""),
            Callback(url, options.AuthToken!, failed, signedUrl: "https://penipu.example.org" + new Uri(url).PathAndQuery),
            Callback(url, options.AuthToken!, failed, signedUrl: url + "?extra=1"),
            Callback(url, options.AuthToken!, new Dictionary<string, string>(failed) { ["ErrorCode"] = "30008" }, signature: TwilioEndpoint.Sign(options.AuthToken!, url, failed)),
        })
        {
            var refused = await host.Client.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Equal("signature", Assert.Single((await refused.ReadJson()).GetProperty("errors").EnumerateObject()).Name);
        }
        Assert.Equal("delivered", Assert.Single(await host.Get<WhatsAppLedger>().OfPersonAsync(person, CancellationToken.None)).Status);

        // A number WhatsApp cannot reach: the message ends failed with Twilio's code.
        var unreachable = "+62812340000";
        Assert.Equal(WhatsAppOutcome.Sent, await sender.SendOnceAsync(person + "x", "reminder-1", unreachable, Template, Values()));
        Assert.Equal(63024, (await SettledAsync(host, person + "x", "failed")).ErrorCode);
    }

    [Fact]
    public async Task A_reply_of_berhenti_stops_whatsapp_for_the_number_at_once_mulai_starts_it_and_other_replies_get_the_preferences_link()
    {
        await using var host = await LocalHost.StartAsync();
        await RepliesAsync(host);
    }

    /// <summary>A person's message typed in the dev service's WhatsApp view, as WhatsApp hands it to Twilio; the JSON answer names the webhook's status.</summary>
    static async Task<string> ReplyAsync(IAppHost host, string number, string text)
    {
        var response = await host.Client.PostAsync("/dev/whatsapp/reply", new FormUrlEncodedContent(new Dictionary<string, string> { ["from"] = number, ["body"] = text }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.ReadJson();
        Assert.Equal(200, answer.GetProperty("webhookStatus").GetInt32());
        return answer.GetProperty("sid").GetString()!;
    }

    /// <summary>The app's free-text answers to the number, oldest first.</summary>
    static async Task<List<string>> AnswersAsync(IAppHost host, string number) =>
        [.. (await BoxAsync(host, number)).EnumerateArray().Reverse()
            .Where(m => m.GetProperty("direction").GetString() == "outbound-api" && m.GetProperty("contentSid").ValueKind == JsonValueKind.Null)
            .Select(m => m.GetProperty("text").GetString()!)];

    internal static async Task RepliesAsync(IAppHost host)
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        var person = Person.KeyOf(email);
        // A member, whose preferences page the answer links to.
        await host.Get<ServerlessKomunitas.Storage.KomunitasTables>().Client(PersonStore.TableName).AddEntityAsync(new Person
        {
            PartitionKey = person, Name = "Rina", Email = email, Status = PersonStatus.Confirmed, Zone = "WITA", ConsentedAt = DateTimeOffset.UtcNow,
        });
        var number = "+62813" + Random.Shared.Next(1000000, 9999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sender = host.Get<WhatsAppSender>();
        // Free text before the person has written: never attempted.
        Assert.Equal(WhatsAppOutcome.OutsideWindow, await sender.ReplyOnceAsync(number, "SM" + new string('1', 32), "Halo"));
        Assert.Equal(WhatsAppOutcome.Sent, await sender.SendOnceAsync(person, "reminder-1", number, Template, Values()));

        var stop = await ReplyAsync(host, number, " berhenti ");
        Assert.StartsWith("Anda tidak akan menerima pesan WhatsApp lagi", Assert.Single(await AnswersAsync(host, number)));
        Assert.Equal(WhatsAppOutcome.Stopped, await sender.SendOnceAsync(person, "reminder-2", number, Template, Values()));
        Assert.Contains(await host.Get<WhatsAppLedger>().OfPersonAsync(person, CancellationToken.None), m => m.Status == "stopped");
        Assert.Single((await BoxAsync(host, number)).EnumerateArray(), m => m.GetProperty("contentSid").ValueKind == JsonValueKind.String);

        // The same webhook again (Twilio retries): applied once, no second confirmation.
        var options = host.Get<Microsoft.Extensions.Options.IOptions<WhatsAppOptions>>().Value;
        var url = host.Get<Microsoft.Extensions.Options.IOptions<SiteOptions>>().Value.Link(ApiRoutes.TwilioEvents.Path);
        var replay = await host.Client.SendAsync(Callback(url, options.AuthToken!,
            new Dictionary<string, string> { ["MessageSid"] = stop, ["From"] = "whatsapp:" + number, ["To"] = TwilioEndpoint.ServiceNumber, ["Body"] = "BERHENTI" }));
        Assert.False((await replay.ReadJson()).GetProperty("applied").GetBoolean());
        Assert.Single(await AnswersAsync(host, number));

        await ReplyAsync(host, number, "MULAI");
        Assert.StartsWith("Pesan WhatsApp dari Jaringan Komunitas Kreatif aktif kembali", (await AnswersAsync(host, number))[^1]);
        Assert.Equal(WhatsAppOutcome.Sent, await sender.SendOnceAsync(person, "reminder-3", number, Template, Values()));

        await ReplyAsync(host, number, "Jam berapa acaranya?");
        var answer = (await AnswersAsync(host, number))[^1];
        Assert.Contains("/api/preferences?k=", answer);
        var preferences = new Uri(answer[answer.IndexOf("http", StringComparison.Ordinal)..].Trim()).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(preferences)).StatusCode);
        Assert.Equal(3, (await AnswersAsync(host, number)).Count);
    }

    /// <summary>
    /// Twilio calls back as soon as it has answered, so a status can reach the webhook before the send has recorded the
    /// SID, and "sent" can come after "delivered". Neither is lost, and a late one does not move the message back.
    /// </summary>
    [Fact]
    public async Task Statuses_that_overtake_the_send_or_each_other_are_applied_once_in_order()
    {
        await using var host = await LocalHost.StartAsync();
        var ledger = host.Get<WhatsAppLedger>();
        var person = Person.KeyOf($"{Guid.NewGuid():N}@example.org");
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var (row, claimed) = await ledger.ClaimAsync(person, "reminder-1", Template.Name, "+6281211112222", null, CancellationToken.None);
        Assert.True(claimed);

        Assert.True((await ledger.ApplyStatusAsync(sid, "delivered", null, CancellationToken.None)).Recorded);
        Assert.True((await ledger.ApplyStatusAsync(sid, "sent", null, CancellationToken.None)).Recorded);
        Assert.Equal("sending", Assert.Single(await ledger.OfPersonAsync(person, CancellationToken.None)).Status);
        await ledger.AcceptedAsync(row, sid, "queued", CancellationToken.None);
        Assert.Equal("delivered", Assert.Single(await ledger.OfPersonAsync(person, CancellationToken.None)).Status);

        Assert.False((await ledger.ApplyStatusAsync(sid, "delivered", null, CancellationToken.None)).Recorded);
        Assert.True((await ledger.ApplyStatusAsync(sid, "read", null, CancellationToken.None)).Recorded);
        Assert.True((await ledger.ApplyStatusAsync(sid, "sending", null, CancellationToken.None)).Recorded);
        Assert.Equal("read", Assert.Single(await ledger.OfPersonAsync(person, CancellationToken.None)).Status);
    }

    sealed class CountingFallback : IWhatsAppFallback
    {
        int sent;

        public int Sent => sent;

        public string Kind => "counting";

        public async Task SendAsync(string personKey, FallbackReference reference, CancellationToken cancellationToken)
        {
            // Slow enough that the callers overlap, as a webhook and the send's own write can.
            await Task.Delay(50, cancellationToken);
            Interlocked.Increment(ref sent);
        }
    }

    /// <summary>The failure's email is claimed before it goes: ten callers at once (callbacks, replays, the send's own write) send it once.</summary>
    [Fact]
    public async Task A_failed_messages_email_goes_once_when_many_ask_at_once_and_not_again_after()
    {
        var counting = new CountingFallback();
        await using var host = await LocalHost.StartAsync(services: s => s.AddSingleton<IWhatsAppFallback>(counting));
        var ledger = host.Get<WhatsAppLedger>();
        var person = Person.KeyOf($"{Guid.NewGuid():N}@example.org");
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var (row, _) = await ledger.ClaimAsync(person, "reminder-1", Template.Name, "+6281233334444", new FallbackReference("ref", "x", 1).For("counting"), CancellationToken.None);
        await ledger.AcceptedAsync(row, sid, "queued", CancellationToken.None);
        var failed = (await ledger.ApplyStatusAsync(sid, "failed", 63024, CancellationToken.None)).Failed;
        Assert.NotNull(failed);

        var fallbacks = host.Get<WhatsAppFallbacks>();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => fallbacks.SendAsync(failed, CancellationToken.None))));
        Assert.Equal(1, counting.Sent);
        Assert.Null((await ledger.ApplyStatusAsync(sid, "failed", 63024, CancellationToken.None)).Failed);
        await fallbacks.SendAsync(failed, CancellationToken.None);
        Assert.Equal(1, counting.Sent);
    }

    [Fact]
    public async Task A_refused_message_is_recorded_with_twilios_code_and_not_tried_again()
    {
        await using var host = await LocalHost.StartAsync();
        var person = Person.KeyOf($"{Guid.NewGuid():N}@example.org");
        var sender = host.Get<WhatsAppSender>();
        var values = new Dictionary<string, string>(Values()) { ["5"] = "" };

        Assert.Equal(WhatsAppOutcome.Refused, await sender.SendOnceAsync(person, "reminder-1", "+6281234567890", Template, values));
        Assert.Equal(WhatsAppOutcome.Refused, await sender.SendOnceAsync(person, "reminder-1", "+6281234567890", Template, Values()));

        Assert.Equal(21656, Assert.Single(await host.Get<WhatsAppLedger>().OfPersonAsync(person, CancellationToken.None)).ErrorCode);
        Assert.Empty((await BoxAsync(host, "+6281234567890")).EnumerateArray());
    }

    [Fact]
    public async Task The_export_lists_each_message_by_kind_and_time_and_erasure_deletes_them_at_twilio_and_here()
    {
        await using var host = await LocalHost.StartAsync();
        var email = $"{Guid.NewGuid():N}@example.org";
        var person = Person.KeyOf(email);
        const string Number = "+6281298765432";
        await host.Get<WhatsAppSender>().SendOnceAsync(person, "reminder-1", Number, Template, Values());
        await SettledAsync(host, person, "delivered");
        var holder = host.Services.GetServices<IPersonalDataHolder>().OfType<WhatsAppPersonalData>().Single();

        var export = new PersonalDataSections();
        await holder.ExportAsync(new Person { PartitionKey = person, Email = email }, export, CancellationToken.None);
        var exported = Assert.Single((IEnumerable<ExportedWhatsAppMessage>)Assert.Single(export.All, s => s.Key == "whatsAppMessages").Value);
        Assert.Equal((Template.Name, "delivered"), (exported.Kind, exported.Status));
        Assert.DoesNotContain("Kelas Animasi", JsonSerializer.Serialize(export.All));

        var request = new OpenRightsRequest(RightsRequestKind.Erasure, person, email, "Rina", IndonesianTimeZone.WITA, "log", DateTimeOffset.UtcNow);
        Assert.True(await holder.EraseAsync(new ErasureRun(request, host.Get<DurableTaskClient>(), TimeSpan.FromSeconds(1)), CancellationToken.None));

        Assert.Empty(await host.Get<WhatsAppLedger>().OfPersonAsync(person, CancellationToken.None));
        Assert.Null((await host.Get<WhatsAppLedger>().NumberAsync(WhatsAppLedger.AddressKeyOf(Number), CancellationToken.None)).PersonKey);
        var deleted = Assert.Single((await BoxAsync(host, Number)).EnumerateArray());
        Assert.Equal("", deleted.GetProperty("text").GetString());
        Assert.NotEqual(JsonValueKind.Null, deleted.GetProperty("deletedAt").ValueKind);
        // Again, as the privacy job may run it: nothing left to delete, no error.
        Assert.True(await holder.EraseAsync(new ErasureRun(request, host.Get<DurableTaskClient>(), TimeSpan.FromSeconds(1)), CancellationToken.None));
    }
}
