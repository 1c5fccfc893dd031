using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Rsvps;

/// <summary>The RSVP page a member reaches from their link, and the page that asks for the link.</summary>
public static class RsvpPages
{
    public static IResult Message(string title, string message, int status = StatusCodes.Status200OK, string tone = "") => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice{tone}"><p>{Html.Encode(message)}</p></div>
        """, status);

    public static string StatusText(RsvpStatus? status) => status switch
    {
        RsvpStatus.Attending => "Anda terdaftar hadir.",
        RsvpStatus.Waitlisted => "Anda di daftar tunggu. Begitu ada tempat, tempat itu milik Anda dan kami kabari.",
        _ => "Anda belum terdaftar.",
    };

    public static IResult Rsvp(CalendarEntry e, Person person, RsvpStatus? status, string token, int seatsLeft)
    {
        var holds = status is RsvpStatus.Attending or RsvpStatus.Waitlisted;
        var action = holds
            ? """<input type="hidden" name="action" value="cancel"><div class="actions"><button type="submit">Batalkan pendaftaran</button></div>"""
            : """<input type="hidden" name="action" value="attend"><div class="actions"><button type="submit">Daftar hadir</button></div>""";
        return PageLayout.Render(e.Title, $"""
            <h1>{Html.Encode(e.Title)}</h1>
            <dl class="details">
            <dt>Waktu</dt><dd>{Html.Encode(person.TimeZone.Format(e.StartUtc))}</dd>
            <dt>Tempat</dt><dd>{Html.Encode(e.Venue ?? e.OnlineLink ?? "-")}</dd>
            <dt>Penyelenggara</dt><dd>{Html.Encode(e.CommunityName)}</dd>
            <dt>Sisa tempat</dt><dd>{(seatsLeft > 0 ? seatsLeft.ToString() : "Penuh (daftar tunggu)")}</dd>
            </dl>
            <div class="notice"><p>{Html.Encode(StatusText(status))}</p></div>
            <form method="post" action="{Html.Encode(ApiRoutes.Rsvp.PathWithKey(token, e.ProposalId))}">
            {action}
            </form>
            """);
    }

    public static IResult AskForLink(CalendarEntry e, string? email, FieldErrors errors, string formStamp, int status = StatusCodes.Status200OK) =>
        PageLayout.Render(e.Title, $"""
            <h1>{Html.Encode(e.Title)}</h1>
            <p>Untuk mendaftar hadir, masukkan email yang Anda pakai sebagai anggota. Kami kirim tautan pendaftaran ke email itu.</p>
            {FormFields.ErrorSummary(errors, new Dictionary<string, string> { ["email"] = "Email", [Abuse.FormTiming.Field] = "Formulir", ["website"] = "Kolom jebakan" })}
            <form method="post" action="{Html.Encode(ApiRoutes.Rsvp.PathFor(e.ProposalId))}">
            {FormFields.Input(errors, "email", "Email anggota", email, type: "email", required: true, autocomplete: "email", maxLength: 254)}
            {FormFields.Honeypot(errors, "website", formStamp)}
            <div class="actions"><button type="submit">Kirim tautan</button></div>
            </form>
            """, status);
}
