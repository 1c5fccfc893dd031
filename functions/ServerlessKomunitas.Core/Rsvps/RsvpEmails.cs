using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Rsvps;

/// <summary>The RSVP emails, in Bahasa Indonesia, with the event's time in the reader's own zone.</summary>
public static class RsvpEmails
{
    static (string Label, string Value)[] Details(Person p, CalendarEntry e) =>
    [
        ("Kegiatan", e.Title), ("Waktu", p.TimeZone.Format(e.StartUtc)), ("Tempat", e.Venue ?? e.OnlineLink ?? "-"), ("Penyelenggara", e.CommunityName),
    ];

    public static EmailMessage Link(Person p, CalendarEntry e, string link) =>
        EmailLayout.Compose(p.Email, p.Name, $"Daftar hadir: {e.Title}",
            ["Tautan ini untuk mendaftar hadir, atau membatalkannya nanti. Tautan ini khusus untuk Anda; jangan diteruskan."],
            new EmailAction("Daftar hadir", link), Details(p, e));

    public static EmailMessage Attending(Person p, CalendarEntry e, string link) =>
        EmailLayout.Compose(p.Email, p.Name, $"Anda terdaftar: {e.Title}",
            ["Tempat Anda sudah kami catat. Berkas kalender terlampir. Tidak jadi datang? Batalkan lewat tautan ini agar tempatnya bisa dipakai orang lain."],
            new EmailAction("Lihat atau batalkan", link), Details(p, e));

    public static EmailMessage Waitlisted(Person p, CalendarEntry e, string link) =>
        EmailLayout.Compose(p.Email, p.Name, $"Daftar tunggu: {e.Title}",
            ["Kegiatan ini sudah penuh, jadi Anda masuk daftar tunggu sesuai urutan mendaftar. Begitu ada tempat, Anda langsung mendapatkannya dan kami kabari."],
            new EmailAction("Lihat status", link), Details(p, e));

    /// <summary>The seat's email with the calendar file that adds the event.</summary>
    public static EmailMessage PromotedWithCalendar(Person p, CalendarEntry e, string link, DateTimeOffset stamp) =>
        Promoted(p, e, link) with { Attachments = [Calendar.EventIcs.Attachment(e, Calendar.IcsStatus.Confirmed, stamp)] };

    public static EmailMessage Promoted(Person p, CalendarEntry e, string link) =>
        EmailLayout.Compose(p.Email, p.Name, $"Ada tempat untuk Anda: {e.Title}",
            ["Ada peserta yang batal, dan tempatnya kini milik Anda. Berkas kalender terlampir. Tidak bisa datang? Batalkan lewat tautan ini."],
            new EmailAction("Lihat atau batalkan", link), Details(p, e));

    public static EmailMessage EventCancelled(Person p, CalendarEntry e) =>
        EmailLayout.Compose(p.Email, p.Name, $"Kegiatan dibatalkan: {e.Title}",
            [$"{e.CommunityName} membatalkan kegiatan ini. Pendaftaran Anda otomatis batal; berkas terlampir menghapusnya dari kalender Anda."],
            details: Details(p, e));
}
