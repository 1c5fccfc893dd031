using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using ServerlessKomunitas.Local.Mail;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Notifications;

public class EmailTests
{
    static EmailMessage Message(string to, string name = "Dinda <b>Paramitha</b>") =>
        EmailLayout.Compose(to, name, "Uji coba email", ["Paragraf pertama & kedua."],
            new EmailAction("Buka tautan", "https://komunitas.example.org/api/confirmations/abc?x=1&y=2"));

    [Fact]
    public async Task The_real_sendgrid_client_delivers_to_the_local_mailbox()
    {
        await using var host = await LocalHost.StartAsync();
        var to = Submissions.UniqueEmail();

        var messageId = await host.Get<IEmailSender>().SendAsync(Message(to));

        Assert.False(string.IsNullOrEmpty(messageId));
        var mail = Assert.Single(await Mail.ToAsync(host.Client, to));
        Assert.Equal("Uji coba email", mail.Subject);
        Assert.Contains("Halo Dinda &lt;b&gt;Paramitha&lt;/b&gt;", mail.Html);
        Assert.Contains("Halo Dinda <b>Paramitha</b>", mail.Text);
        Assert.Contains("href=\"https://komunitas.example.org/api/confirmations/abc?x=1&amp;y=2\"", mail.Html);
        Assert.Contains("https://komunitas.example.org/api/confirmations/abc?x=1&y=2", mail.Text);

        var page = await host.Client.GetStringAsync("/dev/mailbox");
        Assert.Contains("Uji coba email", page);
        Assert.Contains("<a href=\"https://komunitas.example.org/api/confirmations/abc?x=1&amp;y=2\">", page);
    }

    [Fact]
    public async Task The_local_endpoint_refuses_a_missing_or_wrong_key_as_sendgrid_does()
    {
        await using var host = await LocalHost.StartAsync();

        var missing = await host.Client.PostAsync("/v3/mail/send", new StringContent("{}", Encoding.UTF8, "application/json"));
        var wrong = new HttpRequestMessage(HttpMethod.Post, "/v3/mail/send") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "SG.not-the-key");
        var wrongResponse = await host.Client.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        var errors = JsonDocument.Parse(await wrongResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("authorization grant is invalid", errors[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_local_endpoint_refuses_a_malformed_payload_naming_the_field()
    {
        await using var host = await LocalHost.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/mail/send")
        {
            Content = new StringContent("""{"from":{"email":"noreply@komunitas.example.org"},"personalizations":[{"to":[{"email":"bukan alamat"}]}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "local-sendgrid-key");

        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")
            .EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Contains("personalizations.0.to.0.email", fields);
        Assert.Contains("subject", fields);
        Assert.Contains("content", fields);
    }

    [Fact]
    public async Task Attachments_travel_through_the_real_client_and_a_bad_one_is_refused_as_sendgrid_does()
    {
        await using var host = await LocalHost.StartAsync();
        var to = Submissions.UniqueEmail();
        var ics = "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"u8.ToArray();

        await host.Get<IEmailSender>().SendAsync(Message(to) with { Attachments = [new EmailAttachment("kegiatan.ics", "text/calendar", ics)] });

        var attachment = Assert.Single(Assert.Single(await Mail.ToAsync(host.Client, to)).Attachments);
        Assert.Equal("kegiatan.ics", attachment.FileName);
        Assert.Equal("text/calendar", attachment.Type);
        Assert.Equal(ics, Convert.FromBase64String(attachment.Content));
        Assert.Contains("kegiatan.ics</a>", await host.Client.GetStringAsync("/dev/mailbox"));

        var request = new HttpRequestMessage(HttpMethod.Post, "/v3/mail/send")
        {
            Content = new StringContent("""{"from":{"email":"noreply@komunitas.example.org"},"subject":"x","content":[{"type":"text/plain","value":"x"}],"personalizations":[{"to":[{"email":"a@example.org"}]}],"attachments":[{"content":"bukan base64!","filename":"a.ics"},{"content":"QQ=="}]}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "local-sendgrid-key");
        var response = await host.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var fields = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors")
            .EnumerateArray().Select(e => e.GetProperty("field").GetString()).ToList();
        Assert.Equal(["attachments.0.content", "attachments.1.filename"], fields);
        Assert.Empty(await Mail.ToAsync(host.Client, "a@example.org"));
    }

    [Fact]
    public async Task A_wrong_key_surfaces_as_a_permanent_delivery_failure()
    {
        await using var host = await LocalHost.StartAsync();
        var wrongKeySender = new SendGridEmailSender(
            new SendGrid.SendGridClient(new SendGrid.SendGridClientOptions { ApiKey = "SG.wrong", Host = host.BaseAddress.ToString().TrimEnd('/') }),
            Microsoft.Extensions.Options.Options.Create(new EmailOptions { From = "noreply@komunitas.example.org", SendGridApiKey = "SG.wrong" }));

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => wrongKeySender.SendAsync(Message(Submissions.UniqueEmail())));

        Assert.Equal(401, failure.StatusCode);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task A_throttled_send_is_transient_and_the_retry_sends_exactly_once()
    {
        var throttle = new FailingHandler(HttpStatusCode.TooManyRequests, failures: 1);
        var logs = new CapturedLogs();
        await using var host = await LocalHost.StartAsync(services: s =>
        {
            s.AddHttpClient(nameof(SendGrid.SendGridClient)).AddHttpMessageHandler(() => throttle);
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs);
        });
        var to = Submissions.UniqueEmail();
        var key = new LedgerKey(ServerlessKomunitas.Storage.RecordId.New(), "test", 1, "contact");
        var ledger = host.Get<EmailLedger>();

        var failure = await Assert.ThrowsAsync<EmailDeliveryException>(() => ledger.SendOnceAsync(key, Message(to)));
        Assert.True(failure.IsTransient);
        Assert.Equal(429, failure.StatusCode);
        Assert.Equal(EmailLedger.Reserved, await ledger.StateOfAsync(key));
        Assert.Empty(await Mail.ToAsync(host.Client, to));

        Assert.Equal(LedgerOutcome.Sent, await ledger.SendOnceAsync(key, Message(to)));
        Assert.Single(await Mail.ToAsync(host.Client, to));
        Assert.Equal(EmailLedger.Sent, await ledger.StateOfAsync(key));
        // The failure alert in infra/ counts this event by name.
        Assert.Single(logs.Entries, e => e.Event.Name == "EmailSendFailed" && e.Message.Contains(key.InstanceId));
        Assert.Single(logs.Entries, e => e.Event.Name == "EmailSent" && e.Message.Contains(key.InstanceId));
    }

    [Fact]
    public async Task The_ledger_sends_each_email_once_however_often_it_is_asked()
    {
        await using var host = await LocalHost.StartAsync();
        var to = Submissions.UniqueEmail();
        var key = new LedgerKey(ServerlessKomunitas.Storage.RecordId.New(), "confirmation", 1, "contact");
        var ledger = host.Get<EmailLedger>();

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ledger.SendOnceAsync(key, Message(to))));
        var again = await ledger.SendOnceAsync(key, Message(to));

        Assert.Equal(LedgerOutcome.AlreadySent, again);
        Assert.Contains(LedgerOutcome.Sent, outcomes);
        // Concurrent callers racing on one reserved row are the crash gap's twin; the workflow never runs one email twice at once.
        Assert.InRange((await Mail.ToAsync(host.Client, to)).Count, 1, 3);
        Assert.Equal(EmailLedger.Sent, await ledger.StateOfAsync(key));
    }

    [Fact]
    public async Task A_different_round_or_recipient_is_a_different_email()
    {
        await using var host = await LocalHost.StartAsync();
        var to = Submissions.UniqueEmail();
        var instance = ServerlessKomunitas.Storage.RecordId.New();
        var ledger = host.Get<EmailLedger>();

        await ledger.SendOnceAsync(new LedgerKey(instance, "reminder", 1, "province-35"), Message(to));
        await ledger.SendOnceAsync(new LedgerKey(instance, "reminder", 2, "province-35"), Message(to));
        await ledger.SendOnceAsync(new LedgerKey(instance, "reminder", 1, "national-ID"), Message(to));
        await ledger.SendOnceAsync(new LedgerKey(instance, "reminder", 1, "province-35"), Message(to));

        Assert.Equal(3, (await Mail.ToAsync(host.Client, to)).Count);
    }

    [Fact]
    public async Task A_crash_between_the_providers_202_and_the_mark_sends_the_email_again_the_one_documented_gap()
    {
        await using var host = await LocalHost.StartAsync();
        var to = Submissions.UniqueEmail();
        var key = new LedgerKey(ServerlessKomunitas.Storage.RecordId.New(), "approval-request", 1, "province-35");
        var crashing = new EmailLedger(host.Get<ServerlessKomunitas.Storage.KomunitasTables>(), new CrashAfterSendSender(host.Get<IEmailSender>(), crashes: 1), host.Get<Suppressions>(),
            host.Get<ServerlessKomunitas.Abuse.RateLimiter>(), host.Get<Microsoft.Extensions.Options.IOptions<ServerlessKomunitas.Abuse.RateLimitOptions>>(), host.Get<PersonalFooter>(), TimeProvider.System,
            host.Get<Microsoft.Extensions.Logging.ILogger<EmailLedger>>());

        await Assert.ThrowsAsync<IOException>(() => crashing.SendOnceAsync(key, Message(to)));
        Assert.Equal(EmailLedger.Reserved, await host.Get<EmailLedger>().StateOfAsync(key));

        Assert.Equal(LedgerOutcome.Sent, await host.Get<EmailLedger>().SendOnceAsync(key, Message(to)));
        Assert.Equal(2, (await Mail.ToAsync(host.Client, to)).Count);
        Assert.Equal(LedgerOutcome.AlreadySent, await host.Get<EmailLedger>().SendOnceAsync(key, Message(to)));
        Assert.Equal(2, (await Mail.ToAsync(host.Client, to)).Count);
    }

    [Fact]
    public async Task The_mailbox_can_hold_a_request_until_the_awaited_message_arrives()
    {
        await using var host = await LocalHost.StartAsync();
        var to = Submissions.UniqueEmail();

        var waiting = host.Client.GetStringAsync($"/dev/mailbox/messages?to={Uri.EscapeDataString(to)}&subject=Uji&wait=10");
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted);
        await host.Get<IEmailSender>().SendAsync(Message(to));

        var messages = JsonDocument.Parse(await waiting.WaitAsync(TimeSpan.FromSeconds(5))).RootElement;
        Assert.Equal("Uji coba email", messages[0].GetProperty("subject").GetString());
        Assert.Equal(0, JsonDocument.Parse(await host.Client.GetStringAsync($"/dev/mailbox/messages?to={Uri.EscapeDataString(to)}&subject=Lain")).RootElement.GetArrayLength());
    }

    [Fact]
    public void The_mailbox_keeps_messages_on_disk_across_restarts_up_to_its_capacity()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("mailbox-").FullName, "messages.jsonl");
        var options = Microsoft.Extensions.Options.Options.Create(new MailboxOptions { Path = path, Capacity = 3 });
        var first = new Mailbox(options);
        for (var i = 0; i < 5; i++)
        {
            first.Deliver(new MailboxMessage($"m{i}", "a@example.org", "noreply@example.org", $"Subjek {i}", "<p>x</p>", "x", DateTimeOffset.UtcNow));
        }

        var reopened = new Mailbox(options);

        Assert.Equal(["Subjek 4", "Subjek 3", "Subjek 2"], reopened.List("A@EXAMPLE.ORG").Select(m => m.Subject));
        Assert.Equal(3, File.ReadAllLines(path).Length);
    }
}
