namespace ServerlessKomunitas.Pages;

/// <summary>
/// Beranda: where a visitor starts. It says what the network is and leads to everything a person can do without a
/// link from an email: register a community, join as a member or mentor, propose an event, see the calendar.
/// </summary>
public static class HomePage
{
    public static IResult Handle() => PageLayout.Render("Beranda", Body);

    static readonly string Body = $"""
        <h1>Jaringan Komunitas Kreatif</h1>
        <p>Satu tempat bagi komunitas kreatif (film, animasi, desain, musik, penulis, kriya, kreator konten, dan lainnya)
        untuk bergabung dengan jaringan, mengusulkan kegiatan, dan mendapat pendampingan mentor. Koordinator jaringan di
        kabupaten/kota, provinsi, dan nasional meninjau setiap pendaftaran dan usulan.</p>
        <h2>Apa yang bisa Anda lakukan</h2>
        <ul class="actions">
        <li><a href="{ApiRoutes.RegistrationForm.Path}">Daftarkan komunitas Anda</a>: isi formulir, konfirmasi email, lalu koordinator wilayah Anda memutuskan.</li>
        <li><a href="{ApiRoutes.MemberForm.Path}">Gabung sebagai anggota komunitas</a>: ikuti kegiatan, minta mentor, atau tawarkan diri menjadi mentor.</li>
        <li><a href="{ApiRoutes.ProposalForm.Path}">Usulkan kegiatan</a> untuk komunitas yang sudah terdaftar: lokakarya, pameran, pemutaran, temu komunitas.</li>
        <li><a href="{ApiRoutes.ListEvents.Path}">Lihat kalender kegiatan</a> dan daftar hadir, atau langganan kalender di aplikasi Anda lewat <a href="{ApiRoutes.EventFeed.Path}">tautan kalender (.ics)</a>.</li>
        </ul>
        <h2>Data Anda</h2>
        <p>Setiap email dari kami memuat tautan ke halaman pengaturan email dan <strong>Data saya</strong>: di sana Anda dapat
        mengunduh semua data tentang Anda, menarik persetujuan, atau meminta data dihapus. Tautan itu pribadi; jangan
        teruskan email kepada orang lain.</p>
        """;
}
