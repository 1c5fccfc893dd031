using System.Net;
using System.Text.Json;
using ServerlessKomunitas.Local.Hosting;
using ServerlessKomunitas.Local.Mail;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.WhatsApp;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace ServerlessKomunitas.Tests.WhatsApp;

/// <summary>
/// The dev service's Twilio-compatible Messages API, called by the real Twilio client as the app builds it: on the Local
/// host (its own endpoint), and on the mail service the real Functions host sends to, with the settings
/// <c>functions-settings</c> writes for that host. It answers as Twilio does, and a person reads what was sent in the
/// WhatsApp view.
/// </summary>
public class TwilioEndpointTests
{
    const string Number = "whatsapp:+6281234567890";

    /// <summary>The client and the dev service's address, for each host.</summary>
    sealed record Channel(ITwilioRestClient Client, HttpClient Dev, WhatsAppOptions Options) : IAsyncDisposable
    {
        public Func<ValueTask> Stop { get; init; } = () => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => Stop();
    }

    public static TheoryData<string> Hosts() => ["Local", "Functions"];

    static async Task<Channel> OpenAsync(string host)
    {
        if (host == "Local")
        {
            var local = await LocalHost.StartAsync();
            return new Channel(local.Get<TwilioClients>().Create(), local.Client, local.Get<Microsoft.Extensions.Options.IOptions<WhatsAppOptions>>().Value)
            {
                Stop = local.DisposeAsync,
            };
        }
        var mail = MailService.Build([], builder => builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Local:HttpPort"] = "0",
            ["Mailbox:Path"] = "",
        }));
        await mail.StartAsync();
        // The settings the published app runs with on the real host, as `functions-settings` writes them.
        var settings = new FunctionsSettings(MailPort: mail.BaseAddress().Port).Values().ToDictionary(v => v.Key.Replace("__", ":"), v => (string?)v.Value);
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .AddLogging().AddWhatsApp().BuildServiceProvider();
        return new Channel(services.GetRequiredService<TwilioClients>().Create(), new HttpClient { BaseAddress = mail.BaseAddress() },
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<WhatsAppOptions>>().Value)
        {
            Stop = async () =>
            {
                await services.DisposeAsync();
                await mail.StopAsync();
                await mail.DisposeAsync();
            },
        };
    }

    static CreateMessageOptions Template(WhatsAppOptions options, WhatsAppTemplate template, IReadOnlyDictionary<string, string> values, string to = Number) =>
        new(new PhoneNumber(to))
        {
            MessagingServiceSid = options.MessagingServiceSid,
            ContentSid = options.ContentSids[template.Name],
            ContentVariables = JsonSerializer.Serialize(values),
        };

    static async Task<ApiException> RefusedAsync(Func<Task> send) => await Assert.ThrowsAsync<ApiException>(send);

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task A_template_message_is_accepted_and_read_in_the_whatsapp_view_and_deleted_as_twilio_deletes(string host)
    {
        await using var channel = await OpenAsync(host);
        var template = WhatsAppTemplates.EventReminder;
        var values = template.Values("Rina", "Kelas Animasi 2D", "besok pukul 19.00 WITA", "Taman Budaya Mataram", "http://localhost:7071/api/rsvp/contoh");

        var message = await MessageResource.CreateAsync(Template(channel.Options, template, values), channel.Client);

        Assert.Matches("^SM[0-9a-f]{32}$", message.Sid);
        Assert.Equal(MessageResource.StatusEnum.Queued, message.Status);
        Assert.Equal(Number, message.To);
        var seen = JsonDocument.Parse(await channel.Dev.GetStringAsync($"/dev/whatsapp/messages?to={Uri.EscapeDataString(Number)}")).RootElement;
        Assert.Equal("Halo Rina, pengingat: Kelas Animasi 2D besok pukul 19.00 WITA, Taman Budaya Mataram. Tidak jadi datang? Batalkan lewat tautan ini: http://localhost:7071/api/rsvp/contoh",
            Assert.Single(seen.EnumerateArray()).GetProperty("text").GetString());
        var page = await channel.Dev.GetStringAsync("/dev/whatsapp");
        Assert.Contains("<a href=\"http://localhost:7071/api/rsvp/contoh\">", page);

        Assert.True(await MessageResource.DeleteAsync(message.Sid, client: channel.Client));
        Assert.Contains("Pesan ini sudah dihapus.", await channel.Dev.GetStringAsync("/dev/whatsapp"));
        Assert.Equal(20404, (await RefusedAsync(() => MessageResource.DeleteAsync(message.Sid, client: channel.Client))).Code);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task Twilios_refusals_come_back_through_the_client_with_twilios_codes_and_nothing_is_sent(string host)
    {
        await using var channel = await OpenAsync(host);
        var template = WhatsAppTemplates.OptInConfirmation;
        var values = template.Values("Rina", "http://localhost:7071/api/contoh");

        var wrongToken = new TwilioRestClient(channel.Options.AccountSid, "tebakan", accountSid: channel.Options.AccountSid,
            httpClient: channel.Client.HttpClient);
        var refusals = new Dictionary<int, (int Status, Func<Task> Send)>
        {
            [20003] = (401, () => MessageResource.CreateAsync(Template(channel.Options, template, values), wrongToken)),
            [21211] = (400, () => MessageResource.CreateAsync(Template(channel.Options, template, values, to: "whatsapp:0812"), channel.Client)),
            [21656] = (400, () => MessageResource.CreateAsync(Template(channel.Options, template, new Dictionary<string, string> { ["1"] = "Rina" }), channel.Client)),
            [63016] = (400, () => MessageResource.CreateAsync(new CreateMessageOptions(new PhoneNumber(Number))
            {
                MessagingServiceSid = channel.Options.MessagingServiceSid,
                Body = "Teks bebas di luar jendela 24 jam",
            }, channel.Client)),
            // An unknown template: a well-formed Content SID that no template of the account has.
            [21655] = (400, () =>
            {
                var options = Template(channel.Options, template, values);
                options.ContentSid = "HX" + new string('0', 32);
                return MessageResource.CreateAsync(options, channel.Client);
            }),
        };

        foreach (var (code, (status, send)) in refusals)
        {
            var refused = await RefusedAsync(send);
            Assert.Equal((code, status), (refused.Code, refused.Status));
        }
        Assert.Empty(JsonDocument.Parse(await channel.Dev.GetStringAsync("/dev/whatsapp/messages")).RootElement.EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await channel.Dev.GetAsync("/dev/whatsapp")).StatusCode);
    }

    [Fact]
    public void Every_template_fills_each_of_its_variables_and_the_local_account_has_a_content_sid_for_it()
    {
        foreach (var template in WhatsAppTemplates.All)
        {
            var rendered = template.Render(template.Values([.. template.Example]));
            Assert.DoesNotContain("{{", rendered);
            Assert.All(template.Example, value => Assert.Contains(value, rendered));
            Assert.Matches(WhatsAppOptions.ContentSidPattern(), LocalDefaults.ContentSidOf(template.Name));
        }
        Assert.Equal(WhatsAppTemplates.All.Count, WhatsAppTemplates.All.Select(t => LocalDefaults.ContentSidOf(t.Name)).Distinct().Count());
    }
}
