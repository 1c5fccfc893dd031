using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

/// <summary>The "Data saya" page (see, take away, withdraw consent, delete) and its answers, in Bahasa Indonesia.</summary>
public static class PrivacyPages
{
    public const string ConfirmField = "confirm";

    /// <param name="contactSettings">A contact's preferences page (for WhatsApp), for one who never joined.</param>
    public static IResult MyData(Person person, string token, string? contactSettings, FieldErrors errors, string? failedAction = null, int status = StatusCodes.Status200OK)
    {
        var withdraw = person.IsContactOnly
            ? $"""
              <h2>Narahubung komunitas</h2>
              <p>Anda tercatat sebagai narahubung komunitas atau usulan kegiatan, bukan sebagai anggota, jadi kami hanya mengirimi
              Anda email tentang komunitas atau kegiatan itu. Untuk berhenti, minta pengurus mengganti narahubung, atau hapus data Anda di bawah.</p>
              {(contactSettings is null ? "" : $"""<p><a href="{Html.Encode(contactSettings)}">Pengaturan WhatsApp</a>: terima permintaan konfirmasi usulan kegiatan juga lewat WhatsApp.</p>""")}
              """
            : person.Status == PersonStatus.Withdrawn
            ? $"""<div class="notice"><p>Anda sudah menarik persetujuan pada {Html.Encode(person.TimeZone.Format(person.WithdrawnAt ?? person.ConsentedAt))}. Kami tidak memproses data Anda lagi.</p></div>"""
            : $"""
              <h2>Tarik persetujuan</h2>
              <p>Kami berhenti memproses data Anda saat itu juga: tidak ada lagi email, pengingat, atau pencocokan mentor. Mentoring yang berjalan dihentikan dan pihak lain diberi tahu; pendaftaran kegiatan yang akan datang dibatalkan. Data Anda tetap tersimpan sampai Anda memintanya dihapus.</p>
              <form method="post" action="{Html.Encode(ApiRoutes.WithdrawConsent.PathWithKey(token))}" novalidate>
              {Confirm(failedAction == "withdraw" ? errors : new FieldErrors(), "withdraw", "Ya, saya menarik persetujuan pemrosesan data saya.")}
              <div class="actions"><button type="submit">Tarik persetujuan</button></div>
              </form>
              """;
        return PageLayout.Render("Data saya", $"""
            <h1>Data saya</h1>
            {(errors.IsEmpty ? "" : FormFields.ErrorSummary(errors, new Dictionary<string, string> { [ConfirmField] = "Konfirmasi" }))}
            <p>Menurut UU Pelindungan Data Pribadi, Anda berhak melihat dan membawa data yang kami simpan tentang Anda,
            menarik persetujuan, dan meminta data Anda dihapus. Setiap permintaan kami kerjakan saat itu juga, paling lambat 3 × 24 jam.</p>
            <h2>Unduh data saya</h2>
            <p>Profil, keanggotaan, komunitas dan usulan kegiatan yang Anda kelola, pendaftaran kegiatan, catatan mentoring,
            persetujuan yang Anda berikan, dan email yang pernah kami kirim (judul dan waktu).</p>
            <p><a href="{Html.Encode(ApiRoutes.ExportMyData.PathWithKey(token))}">Unduh data saya (JSON)</a></p>
            {withdraw}
            <h2>Hapus data saya</h2>
            <p>Profil, keanggotaan, pendaftaran kegiatan, catatan mentoring, preferensi, dan riwayat email Anda dihapus. Di catatan
            yang harus tetap ada untuk orang lain (jumlah peserta kegiatan, keputusan persetujuan, sisi mentor dari mentoring)
            nama dan kontak Anda diganti tanda "dihapus". Penghapusan tidak bisa dibatalkan; Anda mendapat satu email konfirmasi.</p>
            <form method="post" action="{Html.Encode(ApiRoutes.EraseMyData.PathWithKey(token))}" novalidate>
            {Confirm(failedAction == "delete" ? errors : new FieldErrors(), "delete", "Ya, hapus data saya. Saya mengerti ini tidak bisa dibatalkan.")}
            <div class="actions"><button type="submit">Hapus data saya</button></div>
            </form>
            <p>Tautan halaman ini berlaku satu hari. Jangan diteruskan: isinya data pribadi Anda.</p>
            """, status);
    }

    public static IResult Done(string title, string message) => PageLayout.Render(title, $"""
        <h1>{Html.Encode(title)}</h1>
        <div class="notice ok"><p>{Html.Encode(message)}</p></div>
        """);

    static string Confirm(FieldErrors errors, string action, string label)
    {
        var id = $"{FormFields.Id(ConfirmField)}-{action}";
        return $"""<fieldset><legend>Konfirmasi</legend>{FormFields.Errors(errors, ConfirmField)}<label class="choice" for="{id}"><input type="checkbox" id="{id}" name="{ConfirmField}" value="ya">{Html.Encode(label)}</label></fieldset>""";
    }
}
