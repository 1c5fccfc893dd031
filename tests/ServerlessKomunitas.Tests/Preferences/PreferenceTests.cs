using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Members;

namespace ServerlessKomunitas.Tests.Preferences;

/// <summary>Preferences, one-click unsubscribe, SendGrid's webhook and suppression, through HTTP on the Local host.</summary>
public class PreferenceTests
{
    static readonly string[] EveryCategory = ["re-engagement", "recognition", "event-reminders", "weekly-challenge"];
    static readonly string[] UnknownCategory = ["spam"];

    /// <summary>SendGrid's side of the webhook: it signs timestamp + body with its private key; the app holds the public one.</summary>
    sealed class SendGridSigner : IDisposable
    {
        readonly ECDsa key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        public string PublicKey => Convert.ToBase64String(key.ExportSubjectPublicKeyInfo());

        public HttpRequestMessage Request(string body, DateTimeOffset at, bool tamper = false)
        {
            var timestamp = at.ToUnixTimeSeconds().ToString();
            var signature = key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid")
            {
                Content = new StringContent(tamper ? body.Replace("bounce", "open") : body, Encoding.UTF8, "application/json"),
            };
            request.Headers.Add(SendGridWebhook.SignatureHeader, Convert.ToBase64String(signature));
            request.Headers.Add(SendGridWebhook.TimestampHeader, timestamp);
            return request;
        }

        public void Dispose() => key.Dispose();
    }

    static async Task<(LocalHost Host, Person Person, SendGridSigner Signer)> StartAsync()
    {
        var signer = new SendGridSigner();
        var host = await LocalHost.StartAsync(new Dictionary<string, string?>(MemberStory.Timings()) { ["Email:WebhookPublicKey"] = signer.PublicKey });
        var community = (await host.Get<RegistrationStore>().FindAsync(await MemberStory.CommunityAsync(host)))!;
        return (host, await MemberStory.ConfirmedPersonAsync(host, community, "Putri Pengaturan"), signer);
    }

    static string PathOf(string link) => new Uri(link).PathAndQuery;

    static HttpRequestMessage Json(HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Headers = { Accept = { new("application/json") } } };
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        return request;
    }

    [Fact]
    public async Task The_preferences_page_switches_categories_off_and_on_for_the_person()
    {
        var (host, person, signer) = await StartAsync();
        await using var _ = host;
        using var __ = signer;
        var page = PathOf(host.Get<PreferenceLinks>().Page(person.Key));

        var html = await host.Client.GetStringAsync(page);
        Assert.Equal(4, html.Split("type=\"checkbox\" id=\"f-categories-").Length - 1);
        Assert.Equal(4, html.Split(" checked").Length - 1);

        var form = new FormUrlEncodedContent([new("action", "save"), new("categories", "weekly-challenge"), new("categories", "event-reminders")]);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(page, form)).StatusCode);
        var saved = (await host.Get<PersonStore>().FindPersonAsync(person.Key))!;
        Assert.True(saved.Wants(EmailCategory.WeeklyChallenge));
        Assert.False(saved.Wants(EmailCategory.Reengagement));
        Assert.False(saved.Wants(EmailCategory.Recognition));

        var view = await (await host.Client.SendAsync(Json(HttpMethod.Post, page, new { categories = EveryCategory }))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, view.GetProperty("optedOut").GetArrayLength());
        var bad = await host.Client.SendAsync(Json(HttpMethod.Post, page, new { categories = UnknownCategory }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.True((await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("categories", out var ___));
    }

    [Fact]
    public async Task One_click_unsubscribe_takes_effect_at_once_without_a_page_and_its_get_changes_nothing()
    {
        var (host, person, signer) = await StartAsync();
        await using var _ = host;
        using var __ = signer;
        var links = host.Get<PreferenceLinks>();
        var headers = links.Headers(person.Key, EmailCategory.WeeklyChallenge);
        Assert.Equal("List-Unsubscribe=One-Click", headers["List-Unsubscribe-Post"]);
        var unsubscribe = PathOf(headers["List-Unsubscribe"].Trim('<', '>'));

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(unsubscribe)).StatusCode);
        Assert.True((await host.Get<PersonStore>().FindPersonAsync(person.Key))!.Wants(EmailCategory.WeeklyChallenge));

        var oneClick = await host.Client.PostAsync(unsubscribe, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));
        Assert.Equal(HttpStatusCode.OK, oneClick.StatusCode);
        var after = (await host.Get<PersonStore>().FindPersonAsync(person.Key))!;
        Assert.False(after.Wants(EmailCategory.WeeklyChallenge));
        Assert.True(after.Wants(EmailCategory.EventReminders));
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.PostAsync(unsubscribe[..^3] + "xyz", null)).StatusCode);
    }

    [Fact]
    public async Task The_webhook_takes_only_signed_fresh_events_once_and_a_bounce_suppresses_the_address()
    {
        var (host, person, signer) = await StartAsync();
        await using var _ = host;
        using var __ = signer;
        var eventId = Guid.NewGuid().ToString("N");
        var body = JsonSerializer.Serialize(new[] { new { email = person.Email, @event = "bounce", sg_event_id = eventId, timestamp = 1 } });

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(signer.Request(body, DateTimeOffset.UtcNow, tamper: true))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(signer.Request(body, DateTimeOffset.UtcNow.AddMinutes(-10)))).StatusCode);
        Assert.False(await host.Get<Suppressions>().IsSuppressedAsync(person.Email));

        var first = await (await host.Client.SendAsync(signer.Request(body, DateTimeOffset.UtcNow))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1, first.GetProperty("applied").GetInt32());
        Assert.Equal(1, first.GetProperty("suppressed").GetInt32());
        var again = await (await host.Client.SendAsync(signer.Request(body, DateTimeOffset.UtcNow))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(0, again.GetProperty("applied").GetInt32());
        Assert.Equal(1, again.GetProperty("duplicates").GetInt32());
        Assert.True(await host.Get<Suppressions>().IsSuppressedAsync(person.Email));
        var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Client.SendAsync(unsigned)).StatusCode);
        // A body over the limit without a Content-Length (chunked) is refused before it is read whole.
        var huge = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/sendgrid")
        {
            Content = new StreamContent(new MemoryStream(new byte[SendGridWebhook.MaxBodyBytes + 10])),
        };
        huge.Headers.TransferEncodingChunked = true;
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await host.Client.SendAsync(huge)).StatusCode);
    }

    [Fact]
    public async Task Who_gets_what_transactional_to_the_unsuppressed_category_only_to_those_who_kept_it_and_reconfirming_lifts_a_suppression()
    {
        var (host, person, signer) = await StartAsync();
        await using var _ = host;
        using var __ = signer;
        var audience = host.Get<Audience>();
        var ledger = host.Get<EmailLedger>();
        var persons = host.Get<PersonStore>();
        await persons.SetOptedOutAsync(person.Key, _ => [EmailCategory.Recognition]);
        person = (await persons.FindPersonAsync(person.Key))!;

        Assert.True(await audience.GetsTransactionalAsync(person));
        Assert.True(await audience.GetsAsync(person, EmailCategory.WeeklyChallenge));
        Assert.False(await audience.GetsAsync(person, EmailCategory.Recognition));
        var unconfirmed = new Person { PartitionKey = "x", Email = "belum@example.org", Status = PersonStatus.Unconfirmed };
        Assert.False(await audience.GetsTransactionalAsync(unconfirmed));

        await host.Get<Suppressions>().SuppressAsync(person.Email, "bounce", DateTimeOffset.UtcNow);
        Assert.False(await audience.GetsTransactionalAsync(person));
        Assert.False(await audience.GetsAsync(person, EmailCategory.WeeklyChallenge));
        var message = EmailLayout.Compose(person.Email, person.Name, "Info penting", ["Isi."]);
        var key = new LedgerKey(ServerlessKomunitas.Storage.RecordId.New(), "test", 1, "self");
        Assert.Equal(LedgerOutcome.Suppressed, await ledger.SendOnceAsync(key, message));
        Assert.Empty(await Mail.ToAsync(host.Client, person.Email));

        // The preferences page offers one confirmation email, which goes out despite the suppression; confirming lifts it.
        var page = PathOf(host.Get<PreferenceLinks>().Page(person.Key));
        Assert.Contains("Kirim email konfirmasi", await host.Client.GetStringAsync(page));
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync(page, new FormUrlEncodedContent([new("action", "reconfirm")]))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await host.Client.PostAsync(page, new FormUrlEncodedContent([new("action", "reconfirm")]))).StatusCode);
        var confirmation = Assert.Single(await Mail.WaitForAsync(host.Client, person.Email, "Konfirmasi alamat email Anda"));
        var confirm = PathOf(confirmation.Links("/api/preferences/address").Single());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(confirm)).StatusCode);
        Assert.True(await host.Get<Suppressions>().IsSuppressedAsync(person.Email));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.PostAsync(confirm, null)).StatusCode);

        Assert.False(await host.Get<Suppressions>().IsSuppressedAsync(person.Email));
        Assert.Equal(LedgerOutcome.Sent, await ledger.SendOnceAsync(key, message));
        Assert.Single(await Mail.WaitForAsync(host.Client, person.Email, "Info penting"));
    }
}
