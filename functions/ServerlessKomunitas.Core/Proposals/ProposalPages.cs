using F = ServerlessKomunitas.Proposals.ProposalInput.Fields;

namespace ServerlessKomunitas.Proposals;

/// <summary>The proposal form (new and edit), the status page and the proposer's action pages, in Bahasa Indonesia.</summary>
public static class ProposalPages
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Abuse.FormTiming.Field] = "Formulir",
        [F.CommunityId] = "Komunitas pengusul",
        [F.Title] = "Nama kegiatan",
        [F.Kind] = "Jenis kegiatan",
        [F.Description] = "Deskripsi",
        [F.Subsectors] = "Subsektor sasaran",
        [F.RegencyCode] = "Kabupaten/kota tempat kegiatan",
        [F.Start] = "Mulai",
        [F.End] = "Selesai",
        [F.Venue] = "Alamat tempat",
        [F.OnlineLink] = "Tautan daring",
        [F.Capacity] = "Kapasitas peserta",
        [F.Support] = "Dukungan pentaheliks",
        [F.Website] = "Kolom jebakan",
        ["client"] = "Batas pengiriman",
        ["body"] = "Formulir",
    };

    public static string StatusName(ProposalStatus status) => status switch
    {
        ProposalStatus.AwaitingConfirmation => "Menunggu konfirmasi narahubung komunitas",
        ProposalStatus.InReview => "Sedang ditinjau koordinator",
        ProposalStatus.ChangesRequested => "Perlu diperbaiki",
        ProposalStatus.Approved => "Disetujui, menunggu konfirmasi kegiatan",
        ProposalStatus.Confirmed => "Terkonfirmasi, tampil di kalender",
        ProposalStatus.Rejected => "Ditolak",
        ProposalStatus.Withdrawn => "Ditarik",
        ProposalStatus.Expired => "Kedaluwarsa",
        _ => "Dibatalkan",
    };

    /// <param name="action">Where the form posts: /api/proposals for a new one, the edit link for a change.</param>
    public static IResult Form(IReadOnlyList<Province> provinces, ProposalInput values, FieldErrors errors, string action, string? communityName, string formStamp, int status = 200)
    {
        var editing = action != ApiRoutes.SubmitProposal.Path;
        var community = editing
            ? $"<p>Komunitas: <strong>{Html.Encode(communityName)}</strong></p>"
            : FormFields.Input(errors, F.CommunityId, Labels[F.CommunityId], values.CommunityId, required: true, hint: "Kode komunitas dari email selamat datang, atau buka formulir ini dari tautan di email itu.");
        var support = new StringBuilder();
        foreach (var (element, name) in Pentahelix.Names)
        {
            var field = F.SupportFor(element);
            support.Append($"""<label for="{FormFields.Id(field)}">{Html.Encode(name)} (opsional)</label><input type="text" id="{FormFields.Id(field)}" name="{field}" maxlength="300" value="{Html.Encode(values.Support.GetValueOrDefault(element))}">""");
        }
        var body = $"""
            <h1>{(editing ? "Perbaiki usulan kegiatan" : "Usulkan kegiatan")}</h1>
            <p>{(editing ? "Perbaiki usulan sesuai catatan koordinator. Setelah dikirim, usulan ditinjau lagi dari awal." : "Komunitas yang sudah disetujui dapat mengusulkan kegiatan. Narahubung komunitas akan diminta mengonfirmasi usulan ini lewat email.")}</p>
            {FormFields.ErrorSummary(errors, Labels)}
            <form method="post" action="{Html.Encode(action)}" novalidate>
            {community}
            {FormFields.Input(errors, F.Title, Labels[F.Title], values.Title, required: true, maxLength: 120)}
            {FormFields.Select(errors, F.Kind, Labels[F.Kind], EventKinds.Names.Select(k => (k.Key, k.Value)), values.Kind)}
            {FormFields.Checkboxes(errors, F.Subsectors, Labels[F.Subsectors], Registrations.Subsectors.Names.Select(p => (p.Key, p.Value)), values.Subsectors.ToList())}
            {FormFields.RegencySelect(errors, provinces, F.RegencyCode, Labels[F.RegencyCode], values.RegencyCode, required: false)}
            <p class="hint">Waktu ditulis menurut zona kabupaten/kota kegiatan (WIB, WITA atau WIT).</p>
            {FormFields.Input(errors, F.Start, Labels[F.Start], values.Start, type: "datetime-local", required: true, hint: "Contoh: 2026-12-20T19:00")}
            {FormFields.Input(errors, F.End, Labels[F.End], values.End, type: "datetime-local", required: true)}
            {FormFields.TextArea(errors, F.Venue, Labels[F.Venue], values.Venue, hint: "Isi alamat tempat, tautan daring, atau keduanya.", maxLength: 300)}
            {FormFields.Input(errors, F.OnlineLink, Labels[F.OnlineLink], values.OnlineLink, type: "url", inputMode: "url")}
            {FormFields.Input(errors, F.Capacity, Labels[F.Capacity], values.Capacity, required: true, inputMode: "numeric")}
            <fieldset><legend>{Labels[F.Support]}</legend><p class="hint">Dukungan yang diminta dari tiap unsur, bila ada.</p>{FormFields.Errors(errors, F.Support)}{support}</fieldset>
            {FormFields.TextArea(errors, F.Description, Labels[F.Description], values.Description, maxLength: 4000)}
            {FormFields.Honeypot(errors, F.Website, formStamp)}
            <div class="actions"><button type="submit">{(editing ? "Kirim perbaikan" : "Kirim usulan")}</button></div>
            </form>
            """;
        return PageLayout.Render(editing ? "Perbaiki usulan" : "Usulkan kegiatan", body, status);
    }

    public static IResult Status(Proposal p, string regencyName, IReadOnlyList<(string Label, string Value)> awaiting,
        IReadOnlyList<(int Round, string Who, string Decision, string? Comment, DateTimeOffset At)> decisions,
        IReadOnlyList<(string What, string Who, DateTimeOffset At)> history)
    {
        var zone = p.TimeZone;
        var rows = new StringBuilder();
        foreach (var (label, value) in ProposalEmails.Details(p, regencyName))
        {
            rows.Append($"<dt>{Html.Encode(label)}</dt><dd>{Html.Encode(value).Replace("\n", "<br>")}</dd>");
        }
        rows.Append($"<dt>Status</dt><dd>{Html.Encode(StatusName(p.Status))}</dd>");
        var waits = awaiting.Count == 0 ? "" : "<h2>Menunggu</h2><ul>" + string.Concat(awaiting.Select(a => $"<li>{Html.Encode(a.Label)}: {Html.Encode(a.Value)}</li>")) + "</ul>";
        var reviews = decisions.Count == 0 ? "" : "<h2>Keputusan peninjau</h2><ul>" + string.Concat(decisions.Select(d =>
            $"<li>Putaran {d.Round}: {Html.Encode(d.Who)}, {Html.Encode(d.Decision)} ({zone.Format(d.At)}){(string.IsNullOrEmpty(d.Comment) ? "" : $"<br>{Html.Encode(d.Comment).Replace("\n", "<br>")}")}</li>")) + "</ul>";
        var timeline = history.Count == 0 ? "" : "<h2>Riwayat</h2><ol>" + string.Concat(history.Select(h => $"<li>{zone.Format(h.At)}: {Html.Encode(h.What)} ({Html.Encode(h.Who)})</li>")) + "</ol>";
        return PageLayout.Render("Status usulan", $"""
            <h1>Status usulan kegiatan</h1>
            <dl class="details">{rows}</dl>
            {waits}
            {reviews}
            {timeline}
            """);
    }

    public static IResult Action(string title, string message, string action, string button, bool danger = false) => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <p>{Html.Encode(message)}</p>
        <form method="post" action="{Html.Encode(action)}">
        <div class="actions"><button type="submit"{(danger ? " class=\"danger\"" : "")}>{Html.Encode(button)}</button></div>
        </form>
        """);

    public static IResult Done(string title, string message, string statusUrl, int status = StatusCodes.Status200OK) => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice{(status < 300 ? " ok" : " warn")}"><p>{Html.Encode(message)}</p></div>
        <p><a href="{Html.Encode(statusUrl)}">Lihat status usulan</a></p>
        """, status);
}
