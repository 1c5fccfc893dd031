using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>The directory's offer to a community's contact, in Bahasa Indonesia.</summary>
public static class DirectoryEmails
{
    /// <summary>The paragraph the approval email carries from now on (and the invitation repeats).</summary>
    public static string Offer(string link) =>
        $"Komunitas Anda bisa tampil di direktori publik komunitas kreatif: nama, subsektor, kabupaten/kota, tahun berdiri, kegiatan, dan deskripsi serta tautan yang Anda tulis sendiri. Tanpa data kontak. Hanya tampil jika Anda memilihnya, dan bisa diubah atau dicabut kapan saja: {link}";

    public static EmailMessage Invitation(Registration r, string link) =>
        EmailLayout.Compose(r.Email, r.ContactName, $"Tampilkan {r.Name} di direktori komunitas kreatif?",
            [
                $"Kini ada direktori publik komunitas kreatif. {r.Name} belum tampil di sana: sampai Anda memilihnya, komunitas Anda hanya dihitung dalam angka peta ekonomi kreatif, tanpa nama.",
                Offer(link),
                "Email ini hanya dikirim sekali. Tautannya berlaku satu tahun.",
            ],
            new EmailAction("Atur profil direktori", link));
}
