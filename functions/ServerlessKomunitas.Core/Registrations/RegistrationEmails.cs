using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Registrations;

/// <summary>The registration story's emails, in Bahasa Indonesia, with times in the reader's own zone.</summary>
public static class RegistrationEmails
{
    public static EmailMessage Confirmation(Registration r, string link, DateTimeOffset expiresAt, IndonesianTimeZone zone) =>
        EmailLayout.Compose(r.Email, r.ContactName, $"Konfirmasi email pendaftaran {r.Name}",
            [
                $"Terima kasih telah mendaftarkan {r.Name} ke jaringan komunitas kreatif.",
                "Buka tautan di bawah untuk mengonfirmasi alamat email ini. Setelah itu, koordinator provinsi Anda akan meninjau pendaftaran.",
                $"Tautan ini berlaku sampai {zone.Format(expiresAt)}.",
            ],
            new EmailAction("Konfirmasi email", link),
            footnote: "Jika Anda tidak merasa mendaftar, abaikan email ini. Tanpa konfirmasi, data pendaftaran tidak diproses lebih lanjut.");

    public static EmailMessage ApprovalRequest(Registration r, Coordinator approver, string regencyName, string link, DateTimeOffset deadline, IndonesianTimeZone zone, bool reminder) =>
        EmailLayout.Compose(approver.Email, approver.Name,
            reminder ? $"Pengingat: {r.Name} menunggu keputusan Anda" : $"Pendaftaran komunitas menunggu keputusan Anda: {r.Name}",
            [
                reminder
                    ? $"Pendaftaran {r.Name} masih menunggu keputusan Anda sebagai {approver.Title}."
                    : $"Komunitas {r.Name} dari {regencyName} mendaftar ke jaringan dan sudah mengonfirmasi emailnya. Anda diminta memutuskan sebagai {approver.Title}.",
                $"Mohon putuskan sebelum {zone.Format(deadline)}. Setelah itu pendaftaran kedaluwarsa.",
            ],
            new EmailAction("Tinjau dan putuskan", link),
            Details(r, regencyName),
            footnote: "Tautan ini hanya untuk Anda. Membuka tautan belum memutuskan apa pun; keputusan diambil di halaman yang terbuka.")
        with { AsksCoordinatorToDecide = true };

    /// <summary>The proposal form with the community filled in.</summary>
    public static string ProposalFormPath(Registration r) => $"{ApiRoutes.ProposalForm.Path}?community={Uri.EscapeDataString(r.Id)}";

    /// <param name="directoryLink">The contact's page to opt in to the public directory (<see cref="Listings.DirectoryLinks"/>).</param>
    public static EmailMessage Approved(Registration r, string statusLink, string proposalFormLink, string directoryLink) =>
        EmailLayout.Compose(r.Email, r.ContactName, $"Selamat! {r.Name} diterima di jaringan komunitas kreatif",
            [
                $"Pendaftaran {r.Name} telah disetujui. Selamat bergabung!",
                .. CommentParagraph(r.DecisionComment),
                "Langkah berikutnya: ajak anggota komunitas mendaftar, usulkan kegiatan pertama Anda, dan ikuti tantangan kreatif mingguan.",
                $"Kode komunitas Anda: {r.Id}. Simpan kode ini untuk mengusulkan kegiatan.",
                Listings.DirectoryEmails.Offer(directoryLink),
                $"Status pendaftaran: {statusLink}",
            ],
            new EmailAction("Usulkan kegiatan", proposalFormLink));

    public static EmailMessage Rejected(Registration r, string statusLink) =>
        EmailLayout.Compose(r.Email, r.ContactName, $"Pendaftaran {r.Name} belum dapat disetujui",
            [
                $"Mohon maaf, pendaftaran {r.Name} belum dapat disetujui oleh koordinator.",
                .. CommentParagraph(r.DecisionComment),
                "Anda dapat memperbaiki data lalu mendaftar kembali kapan saja.",
            ],
            new EmailAction("Lihat status pendaftaran", statusLink));

    public static EmailMessage Expired(Registration r, string formLink) =>
        EmailLayout.Compose(r.Email, r.ContactName, $"Pendaftaran {r.Name} kedaluwarsa",
            [
                $"Koordinator belum memberi keputusan atas pendaftaran {r.Name} sampai batas waktu, sehingga pendaftaran ini kedaluwarsa.",
                "Ini bukan penolakan. Silakan daftar kembali; kami akan meneruskannya lagi ke koordinator.",
            ],
            new EmailAction("Daftar kembali", formLink));

    static IEnumerable<string> CommentParagraph(string? comment) =>
        string.IsNullOrWhiteSpace(comment) ? [] : [$"Catatan dari koordinator: {comment}"];

    public static IReadOnlyList<(string Label, string Value)> Details(Registration r, string regencyName) =>
    [
        ("Komunitas", r.Name),
        ("Kabupaten/kota", regencyName),
        ("Subsektor", string.Join(", ", r.Subsectors.Select(s => Subsectors.Names.GetValueOrDefault(s, s)))
            + (r.OtherSubsector is null ? "" : $" ({r.OtherSubsector})")),
        ("Jumlah anggota", r.MemberCount.ToString()),
        ("Tahun berdiri", r.FoundedYear?.ToString() ?? "-"),
        ("Narahubung", r.ContactName),
    ];
}
