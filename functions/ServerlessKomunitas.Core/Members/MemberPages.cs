using ServerlessKomunitas.Registrations;
using F = ServerlessKomunitas.Members.MemberInput.Fields;

namespace ServerlessKomunitas.Members;

/// <summary>The member sign-up form and the pages of its confirmation, in Bahasa Indonesia.</summary>
public static class MemberPages
{
    /// <summary>What a member agrees to (UU PDP), on the sign-up form and when asked to renew their consent.</summary>
    public const string ConsentText = "Saya setuju data di formulir ini diproses untuk keanggotaan, mentoring dan kabar kegiatan komunitas, sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi. Saya dapat menarik persetujuan kapan saja.";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [Abuse.FormTiming.Field] = "Formulir",
        [F.Name] = "Nama",
        [F.Email] = "Email",
        [F.Phone] = "Nomor telepon/WhatsApp",
        [F.CommunityId] = "Kode komunitas",
        [F.Subsectors] = "Subsektor yang Anda tekuni",
        [F.RegencyCode] = "Kabupaten/kota domisili",
        [F.Profile] = "Profil singkat",
        [F.WantsMentor] = "Mentoring",
        [F.OffersMentoring] = "Mentoring",
        [F.MentorCapacity] = "Jumlah mentee sekaligus",
        [F.Consent] = "Persetujuan data pribadi",
        [F.ConsentVersion] = "Persetujuan data pribadi",
        [F.WhatsApp] = "WhatsApp (pilihan)",
        [F.WhatsAppConsentVersion] = "WhatsApp (pilihan)",
        [F.Website] = "Kolom jebakan",
        ["client"] = "Batas pengiriman",
        ["body"] = "Formulir",
    };

    public static IResult Form(IReadOnlyList<Province> provinces, MemberInput values, FieldErrors errors, string consentVersion, string? communityName, string formStamp, int status = StatusCodes.Status200OK)
    {
        var community = communityName is null ? "" : $"""<p>Bergabung dengan <strong>{Html.Encode(communityName)}</strong>.</p>""";
        var body = $"""
            <h1>Bergabung dengan komunitas</h1>
            <p>Daftar sebagai anggota komunitas kreatif di jaringan ini. Kami mengirim email konfirmasi; keanggotaan aktif setelah Anda membuka tautan di email itu.</p>
            {community}
            {FormFields.ErrorSummary(errors, Labels)}
            <form method="post" action="{ApiRoutes.SignUpMember.Path}" novalidate>
            {FormFields.Input(errors, F.CommunityId, Labels[F.CommunityId], values.CommunityId, required: true, hint: "Kode dari pengurus komunitas Anda, atau buka formulir ini dari tautan yang mereka bagikan.")}
            {FormFields.Input(errors, F.Name, Labels[F.Name], values.Name, required: true, maxLength: 100, autocomplete: "name")}
            {FormFields.Input(errors, F.Email, Labels[F.Email], values.Email, type: "email", required: true, autocomplete: "email")}
            {FormFields.Input(errors, F.Phone, Labels[F.Phone], values.Phone, type: "tel", required: true, autocomplete: "tel", hint: "Contoh: 0812-3456-7890")}
            {FormFields.Checkboxes(errors, F.Subsectors, Labels[F.Subsectors], Subsectors.Names.Select(p => (p.Key, p.Value)), values.Subsectors.ToList(), hint: "Pilih satu atau lebih.")}
            {FormFields.RegencySelect(errors, provinces, F.RegencyCode, Labels[F.RegencyCode], values.RegencyCode)}
            {FormFields.TextArea(errors, F.Profile, Labels[F.Profile], values.Profile, maxLength: 1000, hint: "Karya, pengalaman, atau apa yang ingin Anda pelajari.")}
            <fieldset><legend>Mentoring</legend>{FormFields.Errors(errors, F.WantsMentor)}{FormFields.Errors(errors, F.OffersMentoring)}
            <label class="choice" for="{FormFields.Id(F.WantsMentor)}"><input type="checkbox" id="{FormFields.Id(F.WantsMentor)}" name="{F.WantsMentor}" value="on"{(values.WantsMentor == true ? " checked" : "")}>Saya ingin dibimbing mentor</label>
            <label class="choice" for="{FormFields.Id(F.OffersMentoring)}"><input type="checkbox" id="{FormFields.Id(F.OffersMentoring)}" name="{F.OffersMentoring}" value="on"{(values.OffersMentoring == true ? " checked" : "")}>Saya bersedia menjadi mentor</label>
            </fieldset>
            {FormFields.Input(errors, F.MentorCapacity, Labels[F.MentorCapacity], values.MentorCapacity, inputMode: "numeric", hint: "Bagi mentor: berapa orang yang Anda bimbing sekaligus. Bawaan 2.")}
            {FormFields.Honeypot(errors, F.Website, formStamp)}
            {FormFields.Consent(errors, F.Consent, F.ConsentVersion, Labels[F.Consent], values.Consent == true, consentVersion, ConsentText)}
            {WhatsApp.WhatsAppConsentText.FormBox(errors, F.WhatsApp, F.WhatsAppConsentVersion, values.WhatsApp == true, "setelah keanggotaan Anda terkonfirmasi")}
            <div class="actions"><button type="submit">Daftar sebagai anggota</button></div>
            </form>
            """;
        return PageLayout.Render(errors.IsEmpty ? "Bergabung dengan komunitas" : "Periksa isian · Bergabung dengan komunitas", body, status);
    }

    public static IResult Message(string title, string message, int status = StatusCodes.Status200OK, string tone = "") => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice{tone}"><p>{Html.Encode(message)}</p></div>
        """, status);

    public static IResult ConfirmPage(string communityName, string token) => PageLayout.Render("Konfirmasi keanggotaan", $"""
        <h1>Konfirmasi keanggotaan</h1>
        <p>Anda mendaftar sebagai anggota <strong>{Html.Encode(communityName)}</strong>.</p>
        <p>Tekan tombol di bawah untuk mengonfirmasi bahwa alamat email ini milik Anda.</p>
        <form method="post" action="{Html.Encode(ApiRoutes.ConfirmMember.PathFor(token))}">
        <div class="actions"><button type="submit">Ya, konfirmasi keanggotaan saya</button></div>
        </form>
        """);
}
