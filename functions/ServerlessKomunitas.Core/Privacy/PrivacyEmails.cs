using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Privacy;

/// <summary>The emails of the data rights, in Bahasa Indonesia: each goes once, and goes even to an address that gets nothing else.</summary>
public static class PrivacyEmails
{
    public static EmailMessage Withdrawn(string email, string name, IndonesianTimeZone zone, DateTimeOffset at, string myDataLink) =>
        EmailLayout.Compose(email, name, "Persetujuan Anda sudah ditarik",
        [
            $"Kami mencatat bahwa Anda menarik persetujuan pemrosesan data pribadi pada {zone.Format(at)}.",
            "Sejak saat itu kami berhenti memproses data Anda: tidak ada lagi email, pengingat, atau pencocokan mentor. Mentoring yang berjalan dihentikan dan pihak lain diberi tahu, dan pendaftaran kegiatan Anda dibatalkan.",
            "Ini email terakhir dari kami. Data Anda masih tersimpan sampai Anda memintanya dihapus; dari halaman Data saya Anda dapat mengunduh atau menghapusnya.",
        ], new EmailAction("Buka Data saya", myDataLink)) with { IgnoresSuppression = true };

    public static EmailMessage Erased(string email, string name, IndonesianTimeZone zone, DateTimeOffset at, string logId) =>
        EmailLayout.Compose(email, name, "Data Anda sudah dihapus",
        [
            $"Permintaan penghapusan data Anda sudah selesai dikerjakan pada {zone.Format(at)}.",
            "Profil, keanggotaan, pendaftaran kegiatan, catatan mentoring, preferensi, dan riwayat email Anda sudah dihapus. Di catatan yang harus tetap ada untuk orang lain (jumlah peserta kegiatan, keputusan persetujuan, mentoring pasangan Anda) nama dan kontak Anda diganti dengan tanda \"dihapus\".",
            "Alamat email ini juga sudah kami lupakan; ini email terakhir ke alamat ini.",
        ], footnote: $"Nomor catatan penghapusan: {logId}") with { IgnoresSuppression = true };

    public static EmailMessage RenewConsent(Members.Person p, string preferencesLink) =>
        EmailLayout.Compose(p.Email, p.Name, "Mohon perbarui persetujuan data Anda",
        [
            "Teks persetujuan pemrosesan data pribadi kami berubah. Sampai Anda menyetujui teks yang baru, kami tidak mengirim tantangan mingguan, pengingat kegiatan, atau kabar lain; email penting (konfirmasi, mentoring) tetap dikirim.",
            "Buka halaman pengaturan email Anda untuk membaca teks baru dan menyetujuinya. Jika tidak setuju, Anda dapat menarik persetujuan atau menghapus data Anda dari halaman Data saya.",
        ], new EmailAction("Baca dan perbarui persetujuan", preferencesLink));

    public static EmailMessage ContactWithdrew(Coordinator to, IReadOnlyList<string> communities, IReadOnlyList<string> proposals) =>
        EmailLayout.Compose(to.Email, to.Name, "Kontak komunitas menarik persetujuan data",
        [
            "Seorang kontak komunitas menarik persetujuan pemrosesan data pribadinya (UU PDP). Kami tidak lagi mengirim email kepadanya, jadi komunitas atau usulan kegiatan di bawah ini memerlukan kontak baru.",
            .. communities.Select(c => $"Komunitas: {c}"),
            .. proposals.Select(p => $"Usulan kegiatan: {p}"),
            "Mohon hubungi pengurus komunitas tersebut lewat jalur lain untuk menunjuk kontak pengganti.",
        ]);
}
