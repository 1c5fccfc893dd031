namespace ServerlessKomunitas.Notifications;

/// <summary>A call to action in an email: a button in HTML, a bare URL in plain text.</summary>
public sealed record EmailAction(string Label, string Url);

/// <summary>
/// Composes the HTML and plain-text parts of an email from the same parts, so that they never say
/// different things. Every piece of text is encoded; only <see cref="EmailAction.Url"/> becomes a link.
/// </summary>
public static class EmailLayout
{
    public static EmailMessage Compose(string toEmail, string toName, string subject, IEnumerable<string> paragraphs,
        EmailAction? action = null, IReadOnlyList<(string Label, string Value)>? details = null, string? footnote = null)
    {
        var paragraphList = paragraphs.ToList();
        var html = new StringBuilder();
        var text = new StringBuilder();

        html.Append($"""<!doctype html><html lang="id"><head><meta charset="utf-8"><title>{Html.Encode(subject)}</title></head><body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a;max-width:600px;margin:0 auto;padding:16px">""");
        html.Append($"<p>Halo {Html.Encode(toName)},</p>");
        text.Append($"Halo {toName},\n\n");

        foreach (var paragraph in paragraphList)
        {
            html.Append($"<p>{Html.Encode(paragraph)}</p>");
            text.Append(paragraph).Append("\n\n");
        }
        if (details is { Count: > 0 })
        {
            html.Append("""<table style="border-collapse:collapse;margin:8px 0 16px">""");
            foreach (var (label, value) in details)
            {
                html.Append($"""<tr><th style="text-align:left;padding:4px 12px 4px 0;vertical-align:top">{Html.Encode(label)}</th><td style="padding:4px 0">{Html.Encode(value).Replace("\n", "<br>")}</td></tr>""");
                text.Append($"{label}: {value}\n");
            }
            html.Append("</table>");
            text.Append('\n');
        }
        if (action is not null)
        {
            html.Append($"""<p><a href="{Html.Encode(action.Url)}" style="display:inline-block;background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:4px;text-decoration:none;font-weight:bold">{Html.Encode(action.Label)}</a></p>""");
            html.Append($"""<p style="font-size:14px;color:#4a4a4a">Jika tombol tidak berfungsi, salin alamat ini ke peramban: <br>{Html.Encode(action.Url)}</p>""");
            text.Append($"{action.Label}:\n{action.Url}\n\n");
        }
        if (footnote is not null)
        {
            html.Append($"""<p style="font-size:14px;color:#4a4a4a">{Html.Encode(footnote)}</p>""");
            text.Append(footnote).Append("\n\n");
        }
        html.Append("<p>Salam,<br>Jaringan Komunitas Kreatif</p>").Append(EndOfBody);
        text.Append("Salam,\nJaringan Komunitas Kreatif\n");
        return new EmailMessage(toEmail, toName, subject, html.ToString(), text.ToString());
    }

    const string EndOfBody = "</body></html>";

    /// <summary>
    /// The same email with a last line for a member: their preferences page, which leads on to "Data saya" (UU PDP), so
    /// that every email they get leads to their data rights.
    /// </summary>
    public static EmailMessage WithPersonalFooter(EmailMessage message, string preferencesUrl) =>
        WithFooterLine(message, "Atur email yang Anda terima, atau lihat, unduh, dan hapus data Anda (Data saya):", preferencesUrl);

    /// <summary>A coordinator's line: their inbox, with everything else that awaits their decision.</summary>
    public static EmailMessage WithInboxLine(EmailMessage message, string inboxUrl) =>
        WithFooterLine(message, "Semua permintaan yang menunggu keputusan Anda ada di kotak masuk Anda:", inboxUrl);

    /// <summary>A contact's line, for one who is not a member: straight to "Data saya".</summary>
    public static EmailMessage WithDataFooter(EmailMessage message, string myDataUrl) =>
        WithFooterLine(message, "Lihat, unduh, atau hapus data Anda yang kami simpan (Data saya):", myDataUrl);

    static EmailMessage WithFooterLine(EmailMessage message, string line, string url)
    {
        var footer = $"""<p style="font-size:13px;color:#4a4a4a;border-top:1px solid #ddd;padding-top:8px">{Html.Encode(line)} <a href="{Html.Encode(url)}">{Html.Encode(url)}</a></p>""";
        return message with
        {
            Html = message.Html.EndsWith(EndOfBody, StringComparison.Ordinal) ? message.Html[..^EndOfBody.Length] + footer + EndOfBody : message.Html + footer,
            Text = message.Text + $"\n--\n{line}\n{url}\n",
        };
    }
}
