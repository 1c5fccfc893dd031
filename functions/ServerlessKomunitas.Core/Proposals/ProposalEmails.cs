namespace ServerlessKomunitas.Proposals;

/// <summary>The emails to a proposal's community contact, in Bahasa Indonesia, with times in the event's zone.</summary>
public static class ProposalEmails
{
    public static string When(Proposal p) => $"{p.TimeZone.Format(p.StartUtc)} sampai {p.TimeZone.Format(p.EndUtc)}";

    public static IReadOnlyList<(string Label, string Value)> Details(Proposal p, string regencyName) =>
    [
        ("Kegiatan", p.Title),
        ("Jenis", EventKinds.Names.GetValueOrDefault(p.Kind, p.Kind)),
        ("Komunitas", p.CommunityName),
        ("Waktu", When(p)),
        ("Tempat", string.Join(" · ", new[] { p.Venue, p.OnlineLink }.Where(v => !string.IsNullOrEmpty(v)))),
        ("Kabupaten/kota", regencyName),
        ("Kapasitas", $"{p.Capacity} orang"),
        ("Subsektor sasaran", string.Join(", ", p.Subsectors.Select(s => Registrations.Subsectors.Names.GetValueOrDefault(s, s)))),
        ("Dukungan yang diminta", p.Support.Count == 0 ? "-" : string.Join("\n", p.Support.Select(s => $"{Pentahelix.Names.GetValueOrDefault(s.Element, s.Element)}: {s.Need}"))),
        ("Deskripsi", p.Description ?? "-"),
    ];

    public static EmailMessage ConfirmSubmission(Proposal p, string confirmLink, string withdrawLink, DateTimeOffset until, string regencyName) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Konfirmasi usulan kegiatan: {p.Title}",
            [
                $"Ada usulan kegiatan atas nama {p.CommunityName}. Konfirmasi bahwa usulan ini memang dari komunitas Anda agar dapat ditinjau koordinator.",
                $"Tautan konfirmasi berlaku sampai {p.TimeZone.Format(until)}. Jika Anda tidak mengenal usulan ini, abaikan email ini atau tarik usulannya: {withdrawLink}",
            ],
            new EmailAction("Konfirmasi usulan", confirmLink), Details(p, regencyName));

    public static EmailMessage ChangesRequested(Proposal p, string? comments, string editLink, string withdrawLink, string statusLink) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Usulan perlu diperbaiki: {p.Title}",
            [
                $"Koordinator meminta perubahan pada usulan \"{p.Title}\".",
                .. Comments(comments),
                "Perbaiki usulan lewat tautan di bawah; setelah dikirim, usulan ditinjau lagi dari awal.",
                $"Status usulan: {statusLink}",
                $"Ingin membatalkan? Tarik usulan: {withdrawLink}",
            ],
            new EmailAction("Perbaiki usulan", editLink));

    public static EmailMessage Approved(Proposal p, string? comments, string confirmEventLink, string withdrawLink, DateTimeOffset confirmBy) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Usulan disetujui: {p.Title}",
            [
                $"Selamat! Usulan \"{p.Title}\" ({When(p)}) disetujui.",
                .. Comments(comments),
                $"Satu langkah lagi: pastikan kegiatan ini benar-benar terlaksana. Konfirmasi sebelum {p.TimeZone.Format(confirmBy)}; setelah dikonfirmasi, kegiatan tampil di kalender publik.",
                $"Jika batal, tarik usulan: {withdrawLink}",
            ],
            new EmailAction("Konfirmasi kegiatan terlaksana", confirmEventLink),
            footnote: "Jadwal kegiatan terlampir sebagai berkas kalender (.ics).");

    public static EmailMessage Rejected(Proposal p, string? comments, string statusLink) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Usulan belum dapat disetujui: {p.Title}",
            [$"Mohon maaf, usulan \"{p.Title}\" belum dapat disetujui.", .. Comments(comments), "Anda dapat mengajukan usulan baru kapan saja."],
            new EmailAction("Lihat status usulan", statusLink));

    public static EmailMessage Expired(Proposal p, string reason, string statusLink) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Usulan kedaluwarsa: {p.Title}",
            [$"Usulan \"{p.Title}\" kedaluwarsa: {reason}", "Anda dapat mengajukan usulan baru kapan saja."],
            new EmailAction("Lihat status usulan", statusLink));

    public static EmailMessage ConfirmEventReminder(Proposal p, string confirmEventLink, DateTimeOffset confirmBy) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Pengingat: konfirmasi kegiatan {p.Title}",
            [$"Kegiatan \"{p.Title}\" ({When(p)}) sudah disetujui tetapi belum dikonfirmasi.", $"Konfirmasi sebelum {p.TimeZone.Format(confirmBy)}, atau kegiatan dianggap batal."],
            new EmailAction("Konfirmasi kegiatan terlaksana", confirmEventLink));

    public static EmailMessage EventConfirmed(Proposal p, string statusLink, string withdrawLink) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Kegiatan terkonfirmasi: {p.Title}",
            [
                $"Terima kasih. \"{p.Title}\" ({When(p)}) kini tampil di kalender publik jaringan komunitas kreatif.",
                $"Jika kegiatan batal, batalkan lewat tautan ini agar hilang dari kalender: {withdrawLink}",
            ],
            new EmailAction("Lihat status usulan", statusLink),
            footnote: "Jadwal kegiatan terlampir sebagai berkas kalender (.ics).");

    public static EmailMessage EventCancelled(Proposal p, string statusLink) =>
        EmailLayout.Compose(p.ContactEmail, p.ContactName, $"Kegiatan dibatalkan: {p.Title}",
            [$"\"{p.Title}\" ({When(p)}) dibatalkan dan sudah dihapus dari kalender publik."],
            new EmailAction("Lihat status usulan", statusLink),
            footnote: "Berkas kalender terlampir menghapus kegiatan ini dari aplikasi kalender Anda.");

    static IEnumerable<string> Comments(string? comments) =>
        string.IsNullOrWhiteSpace(comments) ? [] : [$"Catatan koordinator:\n{comments}"];
}
