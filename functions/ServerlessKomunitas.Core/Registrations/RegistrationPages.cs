using F = ServerlessKomunitas.Registrations.RegistrationInput.Fields;

namespace ServerlessKomunitas.Registrations;

/// <summary>The registration form and the status page, in Bahasa Indonesia.</summary>
public static class RegistrationPages
{
    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Abuse.FormTiming.Field] = "Formulir",
        [F.Name] = "Nama komunitas",
        [F.Subsectors] = "Subsektor ekonomi kreatif",
        [F.OtherSubsector] = "Subsektor lainnya",
        [F.RegencyCode] = "Kabupaten/kota",
        [F.ContactName] = "Nama narahubung",
        [F.Email] = "Email narahubung",
        [F.Phone] = "Nomor telepon/WhatsApp",
        [F.MemberCount] = "Jumlah anggota",
        [F.FoundedYear] = "Tahun berdiri",
        [F.Links] = "Tautan",
        [F.Description] = "Deskripsi singkat",
        [F.Consent] = "Persetujuan data pribadi",
        [F.ConsentVersion] = "Versi persetujuan",
        [F.WhatsApp] = "WhatsApp (pilihan)",
        [F.WhatsAppConsentVersion] = "WhatsApp (pilihan)",
        [F.Website] = "Kolom jebakan",
        ["client"] = "Batas pengiriman",
        ["body"] = "Formulir",
    };

    public static string StatusName(RegistrationStatus status) => status switch
    {
        RegistrationStatus.AwaitingConfirmation => "Menunggu konfirmasi email",
        RegistrationStatus.PendingApproval => "Menunggu persetujuan koordinator",
        RegistrationStatus.Approved => "Disetujui",
        RegistrationStatus.Rejected => "Ditolak",
        _ => "Kedaluwarsa",
    };

    public static IResult Form(IReadOnlyList<Province> provinces, RegistrationInput values, FieldErrors errors, string consentVersion, string formStamp, int status = 200)
    {
        var links = values.Links.Concat(Enumerable.Repeat("", 3)).Take(Math.Max(3, values.Links.Count)).ToList();
        var linkInputs = string.Concat(links.Select((link, i) =>
            $"""<input type="url" name="{F.Links}" value="{Html.Encode(link)}" aria-label="Tautan {i + 1}" inputmode="url"{(i == 0 ? $" id=\"{FormFields.Id(F.Links)}\"" : "")}{(errors.Has(F.Links) ? " class=\"invalid\"" : "")}>"""));
        var body = $"""
            <h1>Daftarkan komunitas Anda</h1>
            <p>Isi formulir ini untuk bergabung dengan jaringan komunitas kreatif. Kami akan mengirim email konfirmasi, lalu koordinator provinsi Anda meninjau pendaftaran.</p>
            {FormFields.ErrorSummary(errors, Labels)}
            <form method="post" action="{ApiRoutes.SubmitRegistration.Path}" novalidate>
            {FormFields.Input(errors, F.Name, Labels[F.Name], values.Name, required: true, maxLength: 120, autocomplete: "organization")}
            {FormFields.Checkboxes(errors, F.Subsectors, Labels[F.Subsectors], Subsectors.Names.Select(p => (p.Key, p.Value)), values.Subsectors.ToList(), hint: "Pilih satu atau lebih.")}
            {FormFields.Input(errors, F.OtherSubsector, Labels[F.OtherSubsector], values.OtherSubsector, hint: "Isi jika Anda memilih Lainnya.", maxLength: 60)}
            {FormFields.RegencySelect(errors, provinces, F.RegencyCode, Labels[F.RegencyCode], values.RegencyCode)}
            {FormFields.Input(errors, F.ContactName, Labels[F.ContactName], values.ContactName, required: true, maxLength: 100, autocomplete: "name")}
            {FormFields.Input(errors, F.Email, Labels[F.Email], values.Email, type: "email", required: true, autocomplete: "email", hint: "Email konfirmasi dan kabar pendaftaran dikirim ke sini.")}
            {FormFields.Input(errors, F.Phone, Labels[F.Phone], values.Phone, type: "tel", required: true, autocomplete: "tel", hint: "Contoh: 0812-3456-7890")}
            {FormFields.Input(errors, F.MemberCount, Labels[F.MemberCount], values.MemberCount, required: true, inputMode: "numeric")}
            {FormFields.Input(errors, F.FoundedYear, Labels[F.FoundedYear], values.FoundedYear, inputMode: "numeric", hint: "Contoh: 2018")}
            <label for="{FormFields.Id(F.Links)}">{Labels[F.Links]} (opsional)</label><p class="hint">Situs web atau media sosial komunitas, diawali https://</p>{FormFields.Errors(errors, F.Links)}
            {linkInputs}
            {FormFields.TextArea(errors, F.Description, Labels[F.Description], values.Description, maxLength: 2000, hint: "Kegiatan, anggota, dan apa yang ingin dicapai.")}
            {FormFields.Honeypot(errors, F.Website, formStamp)}
            {FormFields.Consent(errors, F.Consent, F.ConsentVersion, Labels[F.Consent], values.Consent == true, consentVersion,
                "Saya setuju data di formulir ini diproses untuk pendaftaran dan komunikasi jaringan komunitas, sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. Saya dapat menarik persetujuan kapan saja.")}
            {WhatsApp.WhatsAppConsentText.FormBox(errors, F.WhatsApp, F.WhatsAppConsentVersion, values.WhatsApp == true, "setelah email Anda terkonfirmasi")}
            <div class="actions"><button type="submit">Kirim pendaftaran</button></div>
            </form>
            """;
        return PageLayout.Render(errors.IsEmpty ? "Daftarkan komunitas" : "Periksa isian · Daftarkan komunitas", body, status);
    }

    public static IResult Status(Registration registration, Regency? regency, IndonesianTimeZone zone)
    {
        var notice = registration.Status switch
        {
            RegistrationStatus.AwaitingConfirmation => """<div class="notice"><p><strong>Terima kasih!</strong> Kami telah mengirim email konfirmasi. Buka tautan di email itu untuk melanjutkan pendaftaran.</p></div>""",
            RegistrationStatus.PendingApproval => """<div class="notice"><p>Email Anda sudah dikonfirmasi. Koordinator sedang meninjau pendaftaran ini; hasilnya kami kirim lewat email.</p></div>""",
            RegistrationStatus.Approved => """<div class="notice ok"><p>Selamat, komunitas Anda sudah tergabung dalam jaringan.</p></div>""",
            RegistrationStatus.Rejected => """<div class="notice warn"><p>Pendaftaran ini tidak disetujui. Alasannya ada di bawah dan di email Anda.</p></div>""",
            _ => """<div class="notice warn"><p>Pendaftaran ini kedaluwarsa. Anda dapat mendaftar ulang kapan saja.</p></div>""",
        };
        var rows = new StringBuilder();
        rows.Append($"<dt>Komunitas</dt><dd>{Html.Encode(registration.Name)}</dd>");
        rows.Append($"<dt>Kabupaten/kota</dt><dd>{Html.Encode(regency?.Name ?? registration.RegencyCode)}</dd>");
        rows.Append($"<dt>Status</dt><dd>{Html.Encode(StatusName(registration.Status))}</dd>");
        rows.Append($"<dt>Dikirim</dt><dd>{zone.Format(registration.SubmittedAt)}</dd>");
        if (registration.DecidedAt is { } decidedAt)
        {
            rows.Append($"<dt>Diputuskan</dt><dd>{zone.Format(decidedAt)}</dd>");
        }
        if (registration.ExpiredAt is { } expiredAt)
        {
            rows.Append($"<dt>Kedaluwarsa</dt><dd>{zone.Format(expiredAt)}</dd>");
        }
        if (!string.IsNullOrEmpty(registration.DecisionComment))
        {
            rows.Append($"<dt>Catatan koordinator</dt><dd>{Html.Paragraphs(registration.DecisionComment)}</dd>");
        }
        return PageLayout.Render("Status pendaftaran", $"""
            <h1>Status pendaftaran</h1>
            {notice}
            <dl class="details">{rows}</dl>
            <p>Simpan alamat halaman ini untuk melihat status terbaru.</p>
            """);
    }
}
