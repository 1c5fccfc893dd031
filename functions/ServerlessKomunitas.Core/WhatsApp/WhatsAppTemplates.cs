using System.Globalization;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>
/// One WhatsApp message template, as registered with WhatsApp through Twilio: its name (the key of its Content SID in
/// <c>WhatsApp:ContentSids</c>), its text in Bahasa Indonesia with numbered variables ({{1}}, {{2}}, ...), what each
/// variable holds, and an example as WhatsApp's review asks for one.
/// </summary>
public sealed record WhatsAppTemplate(string Name, string Text, IReadOnlyList<string> Variables, IReadOnlyList<string> Example)
{
    /// <summary>The text with the variables filled in, as the recipient reads it.</summary>
    public string Render(IReadOnlyDictionary<string, string> values) =>
        Enumerable.Range(1, Variables.Count).Aggregate(Text,
            (text, n) => text.Replace($"{{{{{n}}}}}", values.GetValueOrDefault(n.ToString(CultureInfo.InvariantCulture), "")));

    /// <summary>The values in Twilio's ContentVariables shape: {"1": ..., "2": ...}.</summary>
    public IReadOnlyDictionary<string, string> Values(params string[] values)
    {
        if (values.Length != Variables.Count)
        {
            throw new ArgumentException($"Template {Name} takes {Variables.Count} values, not {values.Length}.", nameof(values));
        }
        return values.Select((value, i) => (Key: (i + 1).ToString(CultureInfo.InvariantCulture), value)).ToDictionary(v => v.Key, v => v.value);
    }
}

/// <summary>
/// Every message kind sent on WhatsApp. A business-initiated message is always one of these templates; free text goes
/// only as a reply inside the 24-hour window that a person's own message opens. The README's WhatsApp section lists
/// them for registering with WhatsApp through Twilio.
/// </summary>
public static class WhatsAppTemplates
{
    public static readonly WhatsAppTemplate OptInConfirmation = new("komunitas_optin_konfirmasi",
        "Halo {{1}}, Anda meminta pemberitahuan Jaringan Komunitas Kreatif lewat WhatsApp. Konfirmasi di sini: {{2}} . Abaikan pesan ini jika bukan Anda.",
        ["the person's name", "the signed confirmation link"],
        ["Rina", "https://komunitas.example.org/api/whatsapp/confirm?k=contoh"]);

    public static readonly WhatsAppTemplate EventReminder = new("komunitas_pengingat_kegiatan",
        "Halo {{1}}, pengingat: {{2}} {{3}}, {{4}}. Tidak jadi datang? Batalkan lewat tautan ini: {{5}}",
        ["the person's name", "the event's title", "when, in the person's zone", "the venue or online link", "the RSVP link"],
        ["Rina", "Kelas Animasi 2D", "besok, Sabtu 12 Desember 2026 pukul 19.00 WITA", "Taman Budaya Mataram", "https://komunitas.example.org/api/rsvp/contoh"]);

    public static readonly WhatsAppTemplate ApprovalRequest = new("komunitas_permintaan_persetujuan",
        "Halo {{1}}, ada permintaan yang menunggu keputusan Anda: {{2}}. Batas waktu: {{3}}. Putuskan di sini: {{4}}",
        ["the coordinator's name", "what awaits and its title and kab/kota", "the deadline, in the coordinator's zone", "the signed decision link"],
        ["Ayu", "Pendaftaran komunitas Sari Ilustrasi, Kabupaten Tabalong", "Senin 14 Desember 2026 pukul 10.00 WITA",
            "https://komunitas.example.org/api/approvals/contoh"]);

    public static readonly WhatsAppTemplate CheckIn = new("komunitas_checkin_mentoring",
        "Halo {{1}}, saatnya check-in mentoring ke-{{2}} dari {{3}} bersama {{4}}. Satu menit saja, isi di sini: {{5}}",
        ["the person's name", "the check-in's number", "how many are planned", "the other side's name", "the signed check-in link"],
        ["Sari", "2", "6", "Bayu", "https://komunitas.example.org/api/mentorships/checkin/contoh"]);

    public static readonly WhatsAppTemplate SeatOffer = new("komunitas_kursi_tersedia",
        "Halo {{1}}, ada tempat untuk Anda di {{2}}, {{3}}, {{4}}. Tempat itu sudah atas nama Anda. Tidak jadi datang? Batalkan di sini: {{5}}",
        ["the person's name", "the event's title", "when, in the person's zone", "the venue or online link", "the RSVP link"],
        ["Rina", "Kelas Animasi 2D", "Sabtu 12 Desember 2026 pukul 19.00 WITA", "Taman Budaya Mataram", "https://komunitas.example.org/api/events/contoh/rsvp?k=contoh"]);

    public static readonly WhatsAppTemplate ProposalConfirmation = new("komunitas_konfirmasi_usulan",
        "Halo {{1}}, ada usulan kegiatan atas nama {{2}}: {{3}}. Jika memang dari komunitas Anda, konfirmasi sebelum {{4}} di sini: {{5}}",
        ["the contact's name", "the community's name", "the event's title", "the deadline, in the event's zone", "the signed confirmation link"],
        ["Dewi", "Komunitas Animasi Tabalong", "Kelas Animasi 2D", "Rabu 9 Desember 2026 pukul 10.00 WITA",
            "https://komunitas.example.org/api/proposals/confirm/contoh"]);

    public static IReadOnlyList<WhatsAppTemplate> All { get; } = [OptInConfirmation, EventReminder, ApprovalRequest, CheckIn, SeatOffer, ProposalConfirmation];

    public static WhatsAppTemplate? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
