using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Preferences;

/// <summary>The preferences page (a switch per category), the one-click unsubscribe page, and their answers.</summary>
public static class PreferencePages
{
    public static IResult Message(string title, string message, int status = StatusCodes.Status200OK, string tone = "") => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice{tone}"><p>{Html.Encode(message)}</p></div>
        """, status);

    /// <param name="sections">The modules' own parts of the page (HTML), placed after the email switches.</param>
    public static IResult Preferences(Person person, string token, bool suppressed, string myDataLink, string? renewConsentTo, string sections, string? saved = null,
        FieldErrors? errors = null, int status = StatusCodes.Status200OK)
    {
        errors ??= new FieldErrors();
        var renewal = renewConsentTo is null
            ? ""
            : $"""
              <div class="notice warn"><p>Teks persetujuan pemrosesan data kami berubah. Sampai Anda menyetujuinya, kami hanya mengirim email penting.</p></div>
              <form method="post" action="{Html.Encode(ApiRoutes.SavePreferences.PathWithKey(token))}" novalidate>
              <input type="hidden" name="action" value="consent">
              {FormFields.Consent(errors, "consent", "consentVersion", "Persetujuan data pribadi", false, renewConsentTo, Members.MemberPages.ConsentText)}
              <div class="actions"><button type="submit">Setujui teks baru</button></div>
              </form>
              """;
        var switches = new StringBuilder();
        foreach (var category in EmailCategories.All)
        {
            var id = $"f-categories-{category.Slug()}";
            switches.Append($"""<label class="choice" for="{id}"><input type="checkbox" id="{id}" name="categories" value="{category.Slug()}"{(person.Wants(category) ? " checked" : "")}>{Html.Encode(category.Label())}</label>""");
        }
        var suppression = person.Status == PersonStatus.Withdrawn
            ? """<div class="notice warn"><p>Anda sudah menarik persetujuan pemrosesan data, jadi kami tidak mengirim email apa pun ke alamat ini. Data Anda bisa diunduh atau dihapus dari halaman Data saya.</p></div>"""
            : suppressed
            ? $"""
              <div class="notice warn"><p>Email ke alamat ini pernah ditolak atau dilaporkan sebagai spam, jadi untuk sementara kami tidak mengirim apa pun ke sana. Jika alamat ini sudah bisa menerima email lagi, minta email konfirmasi.</p></div>
              <form method="post" action="{Html.Encode(ApiRoutes.SavePreferences.PathWithKey(token))}"><input type="hidden" name="action" value="reconfirm">
              <div class="actions"><button type="submit">Kirim email konfirmasi</button></div></form>
              """
            : "";
        return PageLayout.Render("Pengaturan email", $"""
            <h1>Pengaturan email</h1>
            {(saved is null ? "" : $"""<div class="notice ok"><p>{Html.Encode(saved)}</p></div>""")}
            {suppression}
            {renewal}
            {(person.IsContactOnly ? ContactEmails : $"""
              <p>Email penting (konfirmasi, persetujuan, mentoring, pembatalan kegiatan) selalu dikirim. Yang lain bisa Anda matikan di sini.</p>
              <form method="post" action="{Html.Encode(ApiRoutes.SavePreferences.PathWithKey(token))}">
              <input type="hidden" name="action" value="save">
              <fieldset><legend>Email yang ingin Anda terima</legend>{switches}</fieldset>
              <div class="actions"><button type="submit">Simpan</button></div>
              </form>
              """)}
            {sections}
            <p><a href="{Html.Encode(myDataLink)}">Data saya</a>: lihat dan unduh data yang kami simpan tentang Anda.</p>
            """, status);
    }

    /// <summary>What a community's contact who never joined reads instead of the email switches.</summary>
    const string ContactEmails = """
        <p>Anda narahubung komunitas atau usulan kegiatan, bukan anggota, jadi kami hanya mengirimi Anda email tentang komunitas
        atau kegiatan itu, dan email itu selalu dikirim. Di bawah ini Anda bisa menambahkan WhatsApp untuk permintaan konfirmasi usulan kegiatan.</p>
        """;

    public static IResult Unsubscribe(EmailCategory category, string token) => PageLayout.Render("Berhenti berlangganan", $"""
        <h1>Berhenti berlangganan</h1>
        <p>Berhenti menerima: <strong>{Html.Encode(category.Label())}</strong>?</p>
        <form method="post" action="{Html.Encode(ApiRoutes.Unsubscribe.PathWithKey(token))}">
        <div class="actions"><button type="submit">Ya, berhenti</button></div>
        </form>
        """);

    public static IResult ConfirmAddress(string token) => PageLayout.Render("Konfirmasi alamat email", $"""
        <h1>Konfirmasi alamat email</h1>
        <p>Alamat ini bisa menerima email lagi? Konfirmasi, dan kami kembali mengirim email ke sana.</p>
        <form method="post" action="{Html.Encode(ApiRoutes.ConfirmAddress.PathWithKey(token))}">
        <div class="actions"><button type="submit">Konfirmasi</button></div>
        </form>
        """);
}
