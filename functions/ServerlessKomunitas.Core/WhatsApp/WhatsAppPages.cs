namespace ServerlessKomunitas.WhatsApp;

/// <summary>The WhatsApp part of the preferences page, the opt-in confirmation page, and their answers, in Bahasa Indonesia.</summary>
public static class WhatsAppPages
{
    static readonly Dictionary<string, string> Labels = new()
    {
        [WhatsAppOptIn.Fields.Action] = "Pilihan",
        [WhatsAppOptIn.Fields.Number] = "Nomor WhatsApp",
        [WhatsAppOptIn.Fields.Consent] = "Persetujuan WhatsApp",
        [WhatsAppOptIn.Fields.ConsentVersion] = "Versi persetujuan",
    };

    /// <param name="target">Where the form posts: the preferences' or the inbox's WhatsApp route, with its signed link.</param>
    static string Form(string target, string action, string button, string fields = "") => $"""
        <form method="post" action="{Html.Encode(target)}" novalidate>
        <input type="hidden" name="{WhatsAppOptIn.Fields.Action}" value="{action}">
        {fields}
        <div class="actions"><button type="submit">{Html.Encode(button)}</button></div>
        </form>
        """;

    static string RequestForm(string target, string? number, FieldErrors errors) => Form(target, "request", "Kirim pesan konfirmasi ke WhatsApp",
        FormFields.Input(errors, WhatsAppOptIn.Fields.Number, Labels[WhatsAppOptIn.Fields.Number], number, type: "tel", required: true, autocomplete: "tel",
            hint: "Contoh: 0812-3456-7890. Kami kirim pesan berisi tautan; buka tautan itu untuk mengaktifkan WhatsApp.")
        + FormFields.Consent(errors, WhatsAppOptIn.Fields.Consent, WhatsAppOptIn.Fields.ConsentVersion, Labels[WhatsAppOptIn.Fields.Consent], false,
            WhatsAppConsentText.Version, WhatsAppConsentText.Text));

    public static string Section(WhatsAppView view, string? phone, string target)
    {
        var stopped = view.NumberStopped
            ? """<div class="notice warn"><p>Nomor ini pernah membalas BERHENTI, jadi kami tidak mengirim pesan ke sana. Balas MULAI ke nomor kami untuk mengaktifkannya kembali.</p></div>"""
            : "";
        var body = view.Status switch
        {
            "confirmed" => $"""
                <p>WhatsApp aktif untuk nomor <strong>{Html.Encode(view.Number)}</strong>.</p>{stopped}
                {Form(target, "channels", "Simpan pilihan saluran", Channels(view))}
                <p>Tantangan mingguan, ringkasan dan daftar anggota aktif dikirim lewat email saja.</p>
                {Form(target, "off", "Matikan WhatsApp")}
                """,
            "requested" => $"""
                <div class="notice"><p>Kami sudah mengirim pesan konfirmasi ke <strong>{Html.Encode(view.Number)}</strong>. Buka tautan di pesan itu untuk mengaktifkan WhatsApp.</p></div>{stopped}
                <p>Pesan tidak datang, atau nomornya salah? Kirim lagi:</p>
                {RequestForm(target, view.Number, new FieldErrors())}
                """,
            _ => $"""
                <p>Terima pengingat kegiatan, check-in mentoring, tawaran kursi dan permintaan persetujuan lewat WhatsApp juga.</p>
                {RequestForm(target, view.Number ?? phone, new FieldErrors())}
                """,
        };
        return $"""<section aria-labelledby="whatsapp-heading"><h2 id="whatsapp-heading">WhatsApp</h2>{body}</section>""";
    }

    /// <summary>A choice of channel per kind of message.</summary>
    static string Channels(WhatsAppView view) => "<fieldset><legend>Lewat mana pesan ini dikirim?</legend>"
        + string.Concat(WhatsAppKinds.All.Select(kind => FormFields.Select(new FieldErrors(), kind.Slug(), kind.Label(),
            Enum.GetValues<Channel>().Select(c => (c.Slug(), c.Label())), view.Channels[kind.Slug()])))
        + "</fieldset>";

    /// <param name="back">The page the form came from: the preferences page, or the coordinator's inbox.</param>
    public static IResult Refused(string target, string back, int status, FieldErrors errors) => PageLayout.Render("Pengaturan WhatsApp", $"""
        <h1>Pengaturan WhatsApp</h1>
        {FormFields.ErrorSummary(errors, Labels)}
        {RequestForm(target, null, errors)}
        <p><a href="{Html.Encode(back)}">Kembali</a></p>
        """, status);

    public static IResult Message(string title, string message, string? back = null, int status = StatusCodes.Status200OK) =>
        PageLayout.Render(title, $"""
            <h1>{Html.Encode(title)}</h1>
            <div class="notice ok"><p>{Html.Encode(message)}</p></div>
            {(back is null ? "" : $"""<p><a href="{Html.Encode(back)}">Kembali</a></p>""")}
            """, status);

    public static IResult Confirmation(string token) => PageLayout.Render("Aktifkan WhatsApp", $"""
        <h1>Aktifkan WhatsApp</h1>
        <p>Nomor ini milik Anda, dan Anda ingin menerima pemberitahuan kami lewat WhatsApp? Konfirmasi di sini.</p>
        <form method="post" action="{Html.Encode(ApiRoutes.ConfirmWhatsApp.PathWithKey(token))}">
        <div class="actions"><button type="submit">Aktifkan WhatsApp</button></div>
        </form>
        """);
}
