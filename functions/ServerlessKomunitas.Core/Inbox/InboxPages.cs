using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Inbox;

/// <summary>The coordinator's inbox page, in Bahasa Indonesia: a list of cards that reads as well at 360 px as at 1280 px.</summary>
public static class InboxPages
{
    static string DecisionName(string decision) => decision switch
    {
        nameof(ApprovalDecision.Approve) => "disetujui",
        nameof(ApprovalDecision.Reject) => "ditolak",
        nameof(ApprovalDecision.RequestChanges) => "diminta perubahan",
        nameof(ApprovalDecision.Delegate) => "diserahkan",
        _ => decision,
    };

    static string StateName(InboxState state, string? decision) => state switch
    {
        InboxState.Waiting => "belum memutuskan",
        InboxState.Decided => DecisionName(decision ?? ""),
        _ => "tidak perlu memutuskan lagi",
    };

    /// <summary>How the round's decisions combine, as the coordinator reads it beside the request.</summary>
    static string RuleText(ApprovalRule rule, int needed) => rule switch
    {
        ApprovalRule.AllOf => "Aturan: semua yang diminta harus menyetujui; satu penolakan menolak.",
        ApprovalRule.Quorum => $"Aturan: perlu {needed} persetujuan dari yang diminta.",
        _ => "Aturan: keputusan pertama dari yang diminta yang berlaku.",
    };

    /// <param name="sections">The modules' own parts of the page (HTML), after the requests.</param>
    public static IResult Inbox(InboxEndpoints.InboxView view, string token, InboxEndpoints.InboxFilter filter, IReadOnlyList<(string Code, string Name)> provinces,
        IReadOnlyList<(string Code, string Name)> regencies, FieldErrors errors, string sections, int status)
    {
        var page = new StringBuilder();
        page.Append($"""
            <h1>Kotak masuk persetujuan</h1>
            {(errors.IsEmpty ? "" : FormFields.ErrorSummary(errors, new Dictionary<string, string>
            {
                [InboxEndpoints.Fields.Kind] = "Jenis", [InboxEndpoints.Fields.Province] = "Provinsi", [InboxEndpoints.Fields.Regency] = "Kabupaten/kota",
                [InboxEndpoints.Fields.Page] = "Halaman",
            }))}
            <p>Untuk {Html.Encode(view.Name)} ({Html.Encode(view.Title)}). {view.Waiting} permintaan menunggu keputusan Anda. Waktu dalam {view.Zone}.</p>
            <form method="get" action="{Html.Encode(ApiRoutes.ApproverInbox.Path)}" class="filters">
            <input type="hidden" name="{ApiRoute.KeyParameter}" value="{Html.Encode(token)}">
            <label for="{FormFields.Id(InboxEndpoints.Fields.Kind)}">Jenis</label>
            <select id="{FormFields.Id(InboxEndpoints.Fields.Kind)}" name="{InboxEndpoints.Fields.Kind}">
            <option value="">Semua</option>
            {string.Concat(InboxEndpoints.Kinds.Select(k => Option(k.Key, k.Value, filter.Kind)))}
            </select>
            <label for="{FormFields.Id(InboxEndpoints.Fields.Province)}">Provinsi</label>
            <select id="{FormFields.Id(InboxEndpoints.Fields.Province)}" name="{InboxEndpoints.Fields.Province}">
            <option value="">Semua</option>
            {string.Concat(provinces.Select(p => Option(p.Code, p.Name, filter.Province)))}
            </select>
            <label for="{FormFields.Id(InboxEndpoints.Fields.Regency)}">Kabupaten/kota</label>
            <select id="{FormFields.Id(InboxEndpoints.Fields.Regency)}" name="{InboxEndpoints.Fields.Regency}">
            <option value="">Semua</option>
            {string.Concat(regencies.Select(r => Option(r.Code, r.Name, filter.Regency)))}
            </select>
            <div class="actions"><button type="submit">Tampilkan</button></div>
            </form>
            """);
        if (view.Items.Count == 0)
        {
            page.Append("""<div class="notice ok"><p>Tidak ada permintaan yang menunggu keputusan Anda di sini.</p></div>""");
        }
        page.Append("<ol class=\"inbox\">");
        foreach (var item in view.Items)
        {
            var others = item.Others.Count == 0
                ? ""
                : $"""<p class="hint">Juga diminta: {string.Join("; ", item.Others.Select(o => $"{Html.Encode(o.Name)} ({Html.Encode(o.Title)}): {StateName(o.State, o.Decision)}"))}</p>""";
            page.Append($"""
                <li><h2><a href="{Html.Encode(item.DecisionUrl)}">{Html.Encode(item.Title)}</a></h2>
                <p>{Html.Encode(item.What)} · {Html.Encode(item.RegencyName)} · putaran {item.Round}</p>
                <p>{Html.Encode(item.Brief)}</p>
                <p><strong>Putuskan sebelum {Html.Encode(item.LocalDeadline)}</strong></p>
                <p class="hint">{RuleText(item.Rule, item.Needed)}</p>
                {others}</li>
                """);
        }
        page.Append("</ol>");
        if (view.Pages > 1)
        {
            string PageLink(int n, string label) =>
                $"""<a href="{Html.Encode(PagePath(token, filter, n))}">{label}</a>""";
            page.Append($"""<nav class="actions" aria-label="Halaman"><span>Halaman {view.Page} dari {view.Pages}</span>""");
            if (view.Page > 1)
            {
                page.Append(PageLink(view.Page - 1, "Sebelumnya"));
            }
            if (view.Page < view.Pages)
            {
                page.Append(PageLink(view.Page + 1, "Berikutnya"));
            }
            page.Append("</nav>");
        }
        page.Append("<h2>Diputuskan dalam 30 hari terakhir</h2>");
        page.Append(view.Decided.Count == 0
            ? "<p>Belum ada.</p>"
            : "<ul>" + string.Concat(view.Decided.Select(d =>
                $"<li>{Html.Encode(d.What)} <strong>{Html.Encode(d.Title)}</strong>: {DecisionName(d.Decision)}, {Html.Encode(d.LocalDecidedAt)}</li>")) + "</ul>");
        page.Append(sections);
        page.Append("<p class=\"hint\">Tautan halaman ini hanya untuk Anda dan berlaku 30 hari; setiap email permintaan membawa tautan baru.</p>");
        return PageLayout.Render("Kotak masuk persetujuan", page.ToString(), status);
    }

    /// <summary>Under a refused inbox link: where to get a working one.</summary>
    public static readonly string AskForLink =
        $"""<p>Koordinator dapat <a href="{Html.Encode(ApiRoutes.InboxLinkForm.Path)}">meminta tautan kotak masuk yang baru</a> lewat email.</p>""";

    public static IResult LinkForm(string? email, FieldErrors errors, int status) => PageLayout.Render("Minta tautan kotak masuk", $"""
        <h1>Minta tautan kotak masuk</h1>
        {(errors.IsEmpty ? "" : FormFields.ErrorSummary(errors, new Dictionary<string, string> { [InboxLinkRequests.EmailField] = "Email" }))}
        <p>Masukkan alamat email Anda sebagai koordinator. Jika alamat itu terdaftar, kami mengirim tautan baru ke sana.</p>
        <form method="post" action="{Html.Encode(ApiRoutes.RequestInboxLink.Path)}" novalidate>
        {FormFields.Input(errors, InboxLinkRequests.EmailField, "Email", email, type: "email", required: true, autocomplete: "email", maxLength: EmailAddress.MaxLength)}
        <div class="actions"><button type="submit">Kirim tautan</button></div>
        </form>
        """, status);

    public static IResult LinkSent() => PageLayout.Render("Tautan dikirim", """
        <h1>Periksa email Anda</h1>
        <div class="notice ok"><p>Jika alamat itu terdaftar sebagai koordinator, tautan baru ke kotak masuk sudah kami kirim ke sana.</p></div>
        """);

    static string Option(string value, string label, string? selected) =>
        $"""<option value="{Html.Encode(value)}"{(value == selected ? " selected" : "")}>{Html.Encode(label)}</option>""";

    /// <summary>The inbox's path for another page, keeping the filters.</summary>
    public static string PagePath(string token, InboxEndpoints.InboxFilter filter, int page)
    {
        var query = new StringBuilder(ApiRoutes.ApproverInbox.PathWithKey(token));
        foreach (var (field, value) in new[] { (InboxEndpoints.Fields.Kind, filter.Kind), (InboxEndpoints.Fields.Province, filter.Province), (InboxEndpoints.Fields.Regency, filter.Regency) })
        {
            if (value is not null)
            {
                query.Append($"&{field}={Uri.EscapeDataString(value)}");
            }
        }
        return query.Append(FormattableString.Invariant($"&{InboxEndpoints.Fields.Page}={page}")).ToString();
    }
}
