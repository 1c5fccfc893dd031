using ServerlessKomunitas.Members;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Mentoring;

/// <summary>Mentoring emails, in Bahasa Indonesia, with times in the reader's own zone.</summary>
public static class MentorshipEmails
{
    public static string Why(Mentorship m)
    {
        var parts = new List<string> { $"{m.ScoreSharedSubsectors} subsektor sama" };
        if (m.ScoreSameCommunity)
        {
            parts.Insert(0, "komunitas yang sama");
        }
        parts.Add(m.ScoreNearness switch
        {
            nameof(Nearness.SameRegency) => "kabupaten/kota yang sama",
            nameof(Nearness.SameProvince) => "provinsi yang sama",
            nameof(Nearness.SameZone) => "zona waktu yang sama",
            _ => "beda wilayah",
        });
        return string.Join(", ", parts);
    }

    static string Subsectors(Person p) => string.Join(", ", p.Subsectors.Select(s => Registrations.Subsectors.Names.GetValueOrDefault(s, s)));

    public static EmailMessage Offer(Person mentor, Person mentee, Mentorship m, string link, DateTimeOffset until) =>
        EmailLayout.Compose(mentor.Email, mentor.Name, $"Maukah Anda membimbing {mentee.Name}?",
            [
                $"{mentee.Name} mencari mentor, dan Anda yang paling cocok ({Why(m)}).",
                $"Jawab sebelum {mentor.TimeZone.Format(until)}; setelah itu kami bertanya ke mentor berikutnya.",
            ],
            new EmailAction("Terima atau tolak", link),
            [("Calon mentee", mentee.Name), ("Subsektor", Subsectors(mentee)), ("Profil", mentee.Profile ?? "-")]);

    public static EmailMessage NoMentor(Person mentee) =>
        EmailLayout.Compose(mentee.Email, mentee.Name, "Mentor belum tersedia",
            ["Saat ini belum ada mentor yang cocok dan masih punya waktu. Permintaan Anda tetap kami simpan: begitu ada mentor baru yang cocok, kami mengabari Anda."]);

    public static EmailMessage NoMentorToContact(Registration community, Person mentee) =>
        EmailLayout.Compose(community.Email, community.ContactName, $"{mentee.Name} menunggu mentor",
            [$"{mentee.Name} dari {community.Name} meminta mentor ({Subsectors(mentee)}), tetapi belum ada mentor yang cocok dan masih punya waktu. Ajak anggota senior Anda mendaftar sebagai mentor."]);

    public static EmailMessage Started(Person to, Person other, string role, DateTimeOffset firstCheckIn, int checkIns, string statusLink, string endLink) =>
        EmailLayout.Compose(to.Email, to.Name, $"Mentoring dimulai: {(role == MentorshipRoles.Mentee ? other.Name : to.Name)} dan {(role == MentorshipRoles.Mentee ? to.Name : other.Name)}",
            [
                role == MentorshipRoles.Mentee ? $"{other.Name} bersedia menjadi mentor Anda." : $"Anda kini mentor {other.Name}.",
                $"Ada {checkIns} check-in singkat; yang pertama kami kirim {to.TimeZone.Format(firstCheckIn)}. Hubungi satu sama lain lewat email: {other.Email}.",
                $"Perlu berhenti lebih awal? Sampaikan alasannya di sini: {endLink}",
            ],
            new EmailAction("Lihat halaman mentoring", statusLink));

    public static EmailMessage StartedToContact(Registration community, Person mentee, Person mentor, Mentorship m) =>
        EmailLayout.Compose(community.Email, community.ContactName, $"Mentoring dimulai: {mentee.Name}",
            [$"{mentor.Name} kini membimbing {mentee.Name} dari {community.Name}. Dipasangkan karena {Why(m)} (skor {m.ScorePoints})."]);

    // The other side's name is in the subject: a mentor with two mentees gets two check-ins at the same hour.
    public static EmailMessage CheckIn(Person to, Person other, int number, int of, string link) =>
        EmailLayout.Compose(to.Email, to.Name, $"Check-in mentoring {number} dari {of} bersama {other.Name}",
            ["Satu menit saja: bagaimana mentoring dua minggu ini, apa yang dikerjakan, dan adakah hambatan?"],
            new EmailAction("Isi check-in", link));

    public static EmailMessage CheckInReminder(Person to, Person other, int number, string link) =>
        EmailLayout.Compose(to.Email, to.Name, $"Pengingat: check-in mentoring {number} bersama {other.Name}",
            ["Check-in Anda belum kami terima. Masih bisa diisi sekarang."],
            new EmailAction("Isi check-in", link));

    public static EmailMessage MissedTwice(Registration community, Person who, string role, Person mentee) =>
        EmailLayout.Compose(community.Email, community.ContactName, $"{who.Name} melewatkan dua check-in mentoring",
            [$"{who.Name} ({(role == MentorshipRoles.Mentor ? "mentor" : "mentee")}) melewatkan dua check-in berturut-turut dalam mentoring {mentee.Name}. Mungkin perlu disapa."]);

    public static EmailMessage FeedbackRequest(Person to, string link) =>
        EmailLayout.Compose(to.Email, to.Name, "Mentoring selesai: bagaimana menurut Anda?",
            ["Semua check-in sudah lewat. Beri penilaian singkat agar program mentoring makin baik."],
            new EmailAction("Beri umpan balik", link));

    public static EmailMessage Completed(Person to) =>
        EmailLayout.Compose(to.Email, to.Name, "Mentoring tercatat selesai",
            ["Terima kasih. Mentoring ini tercatat selesai di jaringan komunitas kreatif."]);

    public static EmailMessage Ended(Person to, string endedBy, string? reason) =>
        EmailLayout.Compose(to.Email, to.Name, "Mentoring dihentikan",
            [$"Mentoring dihentikan oleh {(endedBy == MentorshipRoles.Mentor ? "mentor" : "mentee")}.", .. string.IsNullOrWhiteSpace(reason) ? Array.Empty<string>() : [$"Alasan: {reason}"]]);

    /// <summary>To the other side when a mentee's data is erased: their own history stays, at a new address.</summary>
    public static EmailMessage HistoryKept(Person to, string statusLink) =>
        EmailLayout.Compose(to.Email, to.Name, "Riwayat mentoring Anda tetap tersimpan",
            ["Mentee Anda meminta datanya dihapus, dan itu sudah kami lakukan. Riwayat mentoring dari sisi Anda tetap tersimpan; tautan lamanya tidak berlaku lagi, gunakan tautan baru ini."],
            new EmailAction("Lihat halaman mentoring", statusLink));

    public static EmailMessage Unmatched(Person mentee) =>
        EmailLayout.Compose(mentee.Email, mentee.Name, "Permintaan mentor ditutup",
            ["Sudah lama belum ada mentor yang cocok, jadi permintaan ini kami tutup. Anda dapat meminta lagi kapan saja lewat pengurus komunitas."]);
}
