namespace ServerlessKomunitas.Mentoring;

/// <summary>The mentoring pages: the offer, the check-in and feedback forms, the early end, and the participants' status page.</summary>
public static class MentorshipPages
{
    public static IResult Message(string title, string message, int status = StatusCodes.Status200OK, string tone = "") => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice{tone}"><p>{Html.Encode(message)}</p></div>
        """, status);

    public static IResult Offer(string token, string menteeName, string? menteeProfile, string subsectors, string why, FieldErrors errors, int status = StatusCodes.Status200OK) =>
        PageLayout.Render("Tawaran menjadi mentor", $"""
            <h1>Tawaran menjadi mentor</h1>
            <p><strong>{Html.Encode(menteeName)}</strong> mencari mentor ({Html.Encode(subsectors)}). Anda diusulkan karena {Html.Encode(why)}.</p>
            {Html.Paragraphs(menteeProfile)}
            {FormFields.ErrorSummary(errors, new Dictionary<string, string> { ["decision"] = "Jawaban" })}
            <form method="post" action="{Html.Encode(ApiRoutes.AnswerMentorOffer.PathFor(token))}">
            <fieldset><legend>Jawaban Anda</legend>{FormFields.Errors(errors, "decision")}
            <label class="choice" for="f-decision"><input type="radio" id="f-decision" name="decision" value="accept">Ya, saya bersedia membimbing</label>
            <label class="choice" for="f-decision-decline"><input type="radio" id="f-decision-decline" name="decision" value="decline">Maaf, saat ini tidak bisa</label>
            </fieldset>
            <div class="actions"><button type="submit">Kirim jawaban</button></div>
            </form>
            """, status);

    public static IResult CheckIn(string token, int number, int of, string? rating, string? notes, string? blockers, FieldErrors errors, int status = StatusCodes.Status200OK)
    {
        var ratings = new StringBuilder();
        foreach (var value in Enumerable.Range(1, 5))
        {
            var id = value == 1 ? "f-rating" : $"f-rating-{value}";
            ratings.Append($"""<label class="choice" for="{id}"><input type="radio" id="{id}" name="rating" value="{value}"{(rating == value.ToString() ? " checked" : "")}>{value}{(value == 1 ? " (kurang)" : value == 5 ? " (sangat baik)" : "")}</label>""");
        }
        return PageLayout.Render($"Check-in {number}", $"""
            <h1>Check-in mentoring {number} dari {of}</h1>
            {FormFields.ErrorSummary(errors, new Dictionary<string, string> { ["rating"] = "Penilaian", ["notes"] = "Yang dikerjakan", ["blockers"] = "Hambatan" })}
            <form method="post" action="{Html.Encode(ApiRoutes.SubmitCheckIn.PathFor(token))}">
            <fieldset><legend>Bagaimana mentoring dua minggu ini?</legend>{FormFields.Errors(errors, "rating")}{ratings}</fieldset>
            {FormFields.TextArea(errors, "notes", "Apa yang dikerjakan", notes, maxLength: 1000)}
            {FormFields.TextArea(errors, "blockers", "Ada hambatan?", blockers, maxLength: 1000)}
            <div class="actions"><button type="submit">Kirim check-in</button></div>
            </form>
            """, status);
    }

    public static IResult End(string token, string? reason, FieldErrors errors, int status = StatusCodes.Status200OK) => PageLayout.Render("Hentikan mentoring", $"""
        <h1>Hentikan mentoring</h1>
        <p>Mentoring berhenti untuk kedua pihak, dan keduanya mendapat email. Tuliskan alasannya dengan singkat.</p>
        {FormFields.ErrorSummary(errors, new Dictionary<string, string> { ["reason"] = "Alasan" })}
        <form method="post" action="{Html.Encode(ApiRoutes.EndMentorship.PathFor(token))}">
        {FormFields.Input(errors, "reason", "Alasan", reason, required: true, maxLength: 500)}
        <div class="actions"><button type="submit" class="danger">Hentikan mentoring</button></div>
        </form>
        """, status);

    public static IResult Feedback(string token, string? rating, string? comment, FieldErrors errors, int status = StatusCodes.Status200OK)
    {
        var ratings = new StringBuilder();
        foreach (var value in Enumerable.Range(1, 5))
        {
            var id = value == 1 ? "f-rating" : $"f-rating-{value}";
            ratings.Append($"""<label class="choice" for="{id}"><input type="radio" id="{id}" name="rating" value="{value}"{(rating == value.ToString() ? " checked" : "")}>{value}</label>""");
        }
        return PageLayout.Render("Umpan balik mentoring", $"""
            <h1>Umpan balik mentoring</h1>
            {FormFields.ErrorSummary(errors, new Dictionary<string, string> { ["rating"] = "Penilaian", ["comment"] = "Catatan" })}
            <form method="post" action="{Html.Encode(ApiRoutes.GiveMentorshipFeedback.PathFor(token))}">
            <fieldset><legend>Secara keseluruhan, seberapa bermanfaat mentoring ini? (1 sampai 5)</legend>{FormFields.Errors(errors, "rating")}{ratings}</fieldset>
            {FormFields.TextArea(errors, "comment", "Catatan", comment, maxLength: 1000)}
            <div class="actions"><button type="submit">Kirim umpan balik</button></div>
            </form>
            """, status);
    }

    public static string StatusName(MentorshipStatus status) => status switch
    {
        MentorshipStatus.Matching => "Mencari mentor",
        MentorshipStatus.Offered => "Menunggu jawaban calon mentor",
        MentorshipStatus.Waiting => "Menunggu mentor baru",
        MentorshipStatus.Active => "Berjalan",
        MentorshipStatus.Feedback => "Menunggu umpan balik",
        MentorshipStatus.Completed => "Selesai",
        MentorshipStatus.Ended => "Dihentikan",
        _ => "Ditutup: tidak ada mentor",
    };

    public static IResult Status(MentorshipView view, IndonesianTimeZone zone, string? endLink)
    {
        var rows = new StringBuilder();
        rows.Append($"<dt>Status</dt><dd>{Html.Encode(StatusName(view.Status))}</dd>");
        rows.Append($"<dt>Mentee</dt><dd>{Html.Encode(view.MenteeName)}</dd>");
        rows.Append($"<dt>Mentor</dt><dd>{Html.Encode(view.MentorName ?? "-")}</dd>");
        if (view.Why is not null)
        {
            rows.Append($"<dt>Dipasangkan karena</dt><dd>{Html.Encode(view.Why)}</dd>");
        }
        if (view.NextCheckIn is { } next)
        {
            rows.Append($"<dt>Check-in berikutnya</dt><dd>{Html.Encode(zone.Format(next))}</dd>");
        }
        var past = new StringBuilder();
        foreach (var c in view.CheckIns)
        {
            past.Append($"<li>Check-in {c.Number}, {Html.Encode(c.Role == MentorshipRoles.Mentee ? "mentee" : "mentor")}: {Html.Encode(c.Missed ? "terlewat" : $"diisi, nilai {c.Rating}")}{(c.Notes is null ? "" : $" · {Html.Encode(c.Notes)}")}</li>");
        }
        var end = endLink is null ? "" : $"""<p><a href="{Html.Encode(endLink)}">Hentikan mentoring lebih awal</a></p>""";
        return PageLayout.Render("Mentoring", $"""
            <h1>Mentoring</h1>
            <dl class="details">{rows}</dl>
            <h2>Check-in</h2>
            {(view.CheckIns.Count == 0 ? "<p>Belum ada check-in.</p>" : $"<ul>{past}</ul>")}
            {end}
            """);
    }
}

/// <summary>A check-in as the participants see it: their own notes, only whether the other side answered.</summary>
public sealed record CheckInView(int Number, string Role, bool Missed, int? Rating, string? Notes);

public sealed record MentorshipView(string Id, MentorshipStatus Status, string MenteeName, string? MentorName, string? Why,
    DateTimeOffset? NextCheckIn, IReadOnlyList<CheckInView> CheckIns);
