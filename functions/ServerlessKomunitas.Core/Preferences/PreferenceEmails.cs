using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Preferences;

public static class PreferenceEmails
{
    public static EmailMessage ConfirmAddress(Person p, string link) =>
        EmailLayout.Compose(p.Email, p.Name, "Konfirmasi alamat email Anda",
            ["Email ke alamat ini pernah gagal terkirim, jadi kami berhenti mengirim. Buka tautan ini untuk mengonfirmasi bahwa alamat ini bisa menerima email lagi."],
            new EmailAction("Konfirmasi alamat", link));
}
