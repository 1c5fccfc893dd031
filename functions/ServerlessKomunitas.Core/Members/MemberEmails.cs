using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Members;

/// <summary>Emails to members and, for the digest, to community contacts; Bahasa Indonesia, times in the reader's zone.</summary>
public static class MemberEmails
{
    public static EmailMessage Confirmation(Person p, Membership m, string confirmLink, DateTimeOffset until) =>
        EmailLayout.Compose(p.Email, p.Name, $"Konfirmasi keanggotaan di {m.CommunityName}",
            [
                $"Anda (atau seseorang atas nama Anda) mendaftar sebagai anggota {m.CommunityName} di jaringan komunitas kreatif.",
                $"Konfirmasi alamat email ini sebelum {p.TimeZone.Format(until)}. Tanpa konfirmasi, pendaftaran dihapus dan kami tidak mengirim email lagi.",
            ],
            new EmailAction("Konfirmasi keanggotaan", confirmLink),
            footnote: "Jika Anda tidak mendaftar, abaikan email ini.");

    public static EmailMessage Welcome(Person p, Membership m, string calendarLink) =>
        EmailLayout.Compose(p.Email, p.Name, $"Selamat bergabung di {m.CommunityName}",
            new[]
            {
                $"Keanggotaan Anda di {m.CommunityName} sudah terkonfirmasi.",
                p.WantsMentor ? "Anda meminta mentor: kami mencarikan mentor yang cocok dan mengabari Anda lewat email." : null,
                p.OffersMentoring ? $"Terima kasih bersedia menjadi mentor untuk {p.MentorCapacity} orang sekaligus; kami mengabari Anda jika ada yang cocok." : null,
                "Kegiatan komunitas kreatif di sekitar Anda ada di kalender publik.",
            }.OfType<string>(),
            new EmailAction("Lihat kalender kegiatan", calendarLink));

    public static EmailMessage Digest(Registration community, IReadOnlyList<NewMemberEntry> members, DateOnly day, int localHour) =>
        EmailLayout.Compose(community.Email, community.ContactName, $"{members.Count} anggota baru {community.Name}",
            [
                $"Anggota baru {community.Name} yang mengonfirmasi keanggotaan sampai {IndonesianTimeZones.FormatDay(day)} pukul {localHour:00}.00:",
                .. members.Select(m => $"{m.Name} · {string.Join(", ", m.Subsectors.Select(s => Subsectors.Names.GetValueOrDefault(s, s)))} · {m.RegencyName}{(m.WantsMentor ? " · mencari mentor" : "")}{(m.OffersMentoring ? " · bersedia menjadi mentor" : "")}"),
                "Sambut mereka di grup komunitas Anda.",
            ]);
}
