using System.Text;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Pages;
using ServerlessKomunitas.Regions;

namespace ServerlessKomunitas.Local.Mail;

/// <summary>The local SendGrid endpoint and the mailbox a person (or a test) reads the mail in.</summary>
public static partial class MailboxRoutes
{
    public sealed record MessageView(string To, string Subject, string Html, string Text, DateTimeOffset SentAt, IReadOnlyList<MailboxAttachment> Attachments,
        IReadOnlyDictionary<string, string> Headers);

    public static IEndpointRouteBuilder MapMailbox(this IEndpointRouteBuilder app)
    {
        app.MapPost(SendGridEndpoint.Path, SendGridEndpoint.SendAsync).WithName("LocalSendGrid");
        app.MapPost(TwilioEndpoint.MessagesPath, TwilioEndpoint.CreateAsync).WithName("LocalTwilioMessages");
        app.MapDelete(TwilioEndpoint.MessagePath, TwilioEndpoint.Delete).WithName("LocalTwilioMessage");
        app.MapGet("/dev/whatsapp", (WhatsAppBox box) => WhatsAppPage(box.List())).WithName("WhatsAppView");
        app.MapPost("/dev/whatsapp/reply", TwilioEndpoint.ReplyAsync).WithName("WhatsAppReply");
        // ?to= gives one number's conversation ("whatsapp:+62..."), newest first; &text= keeps the messages with that
        // text in them, and &wait=SECONDS (at most 30, with either filter) waits for the first, as the mailbox's does.
        app.MapGet("/dev/whatsapp/messages", async (string? to, string? text, double? wait, WhatsAppBox box, CancellationToken cancellationToken) =>
            Results.Json((to is not null || text is not null) && wait > 0
                ? await box.ListAsync(to, text, TimeSpan.FromSeconds(Math.Min(wait.Value, 30)), cancellationToken)
                : box.List(to, text), System.Text.Json.JsonSerializerOptions.Web))
            .WithName("WhatsAppMessages");
        app.MapGet("/dev/mailbox", (Mailbox mailbox) => Page(mailbox.List())).WithName("Mailbox");
        // ?to= filters by recipient and &subject= by a part of the subject; &wait=SECONDS (at most 30, with either
        // filter) waits for the first matching message, so that scripts need not poll.
        app.MapGet("/dev/mailbox/messages", async (string? to, string? subject, double? wait, Mailbox mailbox, CancellationToken cancellationToken) =>
        {
            var messages = (to is not null || subject is not null) && wait > 0
                ? await mailbox.ListAsync(to, subject, TimeSpan.FromSeconds(Math.Min(wait.Value, 30)), cancellationToken)
                : mailbox.List(to, subject);
            return Results.Json(messages.Select(m => new MessageView(m.To, m.Subject, m.Html, m.Text, m.SentAt, m.Attachments, m.Headers)));
        }).WithName("MailboxMessages");
        app.MapGet("/dev/mailbox/stats", (Mailbox mailbox) => Results.Json(new { requests = mailbox.Counts.Requests, recipients = mailbox.Counts.Recipients }))
            .WithName("MailboxStats");
        app.MapGet("/dev/mailbox/{id}", (string id, Mailbox mailbox) =>
            mailbox.List().FirstOrDefault(m => m.Id == id) is { } message
                ? Results.Content(message.Html, "text/html; charset=utf-8")
                : Results.NotFound()).WithName("MailboxMessage");
        app.MapGet("/dev/mailbox/{id}/attachments/{index:int}", (string id, int index, Mailbox mailbox) =>
            mailbox.List().FirstOrDefault(m => m.Id == id)?.Attachments.ElementAtOrDefault(index) is { } file
                ? Results.File(Convert.FromBase64String(file.Content), file.Type, file.FileName)
                : Results.NotFound()).WithName("MailboxAttachment");
        return app;
    }

    static IResult Page(IReadOnlyList<MailboxMessage> messages)
    {
        var body = new StringBuilder("<h1>Kotak surat lokal</h1><p>Semua email yang dikirim aplikasi lokal, terbaru di atas. Tautan di dalamnya berfungsi.</p>");
        if (messages.Count == 0)
        {
            body.Append("<p class=\"notice\">Belum ada email.</p>");
        }
        foreach (var message in messages)
        {
            body.Append($"""
                <article class="notice">
                <h2>{Html.Encode(message.Subject)}</h2>
                <p class="hint">Kepada {Html.Encode(message.To)} · {IndonesianTimeZone.WIB.Format(message.SentAt)} · <a href="/dev/mailbox/{Html.Encode(message.Id)}">versi HTML</a></p>
                <p>{Linkify(message.Text)}</p>{Files(message)}
                </article>
                """);
        }
        return PageLayout.Render("Kotak surat lokal", body.ToString());
    }

    static IResult WhatsAppPage(IReadOnlyList<WhatsAppMessage> messages)
    {
        var body = new StringBuilder("""
            <h1>WhatsApp lokal</h1><p>Semua pesan WhatsApp yang dikirim aplikasi lokal lewat Twilio, terbaru di atas. Tautan di dalamnya berfungsi.</p>
            <form method="post" action="/dev/whatsapp/reply">
            <label for="from">Balas sebagai nomor</label><input id="from" name="from" type="tel" placeholder="+6281234567890" required>
            <label for="body">Pesan</label><input id="body" name="body" required maxlength="1600">
            <div class="actions"><button type="submit">Kirim ke aplikasi</button></div>
            </form>
            """);
        if (messages.Count == 0)
        {
            body.Append("<p class=\"notice\">Belum ada pesan.</p>");
        }
        foreach (var message in messages)
        {
            var text = message.DeletedAt is null ? Linkify(message.Text) : "<em>Pesan ini sudah dihapus.</em>";
            body.Append($"""
                <article class="notice">
                <p class="hint">{(message.Direction == "inbound" ? "Dari " + Html.Encode(message.From) : "Kepada " + Html.Encode(message.To))}
                · {IndonesianTimeZone.WIB.Format(message.CreatedAt)} · {Html.Encode(message.Status)}</p>
                <p>{text}</p>
                </article>
                """);
        }
        return PageLayout.Render("WhatsApp lokal", body.ToString());
    }

    static string Files(MailboxMessage message) => message.Attachments.Count == 0 ? "" :
        "<p>Lampiran: " + string.Join(", ", message.Attachments.Select((file, index) =>
            $"<a href=\"/dev/mailbox/{Html.Encode(message.Id)}/attachments/{index}\">{Html.Encode(file.FileName)}</a>")) + "</p>";

    /// <summary>Plain text, encoded, with its http(s) URLs made clickable.</summary>
    static string Linkify(string text) =>
        UrlPattern().Replace(Html.Encode(text), match => $"<a href=\"{match.Value}\">{match.Value}</a>").Replace("\n", "<br>");

    [GeneratedRegex(@"https?://[^\s<]+")]
    private static partial Regex UrlPattern();
}
