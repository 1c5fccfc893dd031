using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Approvals;

/// <summary>The approvers' emails, in Bahasa Indonesia, with the deadline in the approver's zone.</summary>
public static class ApprovalEmails
{
    /// <summary>"Nama (Jabatan): catatan" for each decision of a round that carries a comment.</summary>
    public static async Task<string?> CommentsAsync(IEnumerable<StoredDecision> decisions, CoordinatorDirectory coordinators)
    {
        var lines = new List<string>();
        foreach (var d in decisions.Where(d => !string.IsNullOrWhiteSpace(d.Comment)))
        {
            var who = await coordinators.FindByIdAsync(d.ApproverId);
            lines.Add(who is null ? d.Comment! : $"{who.Name} ({who.Title}): {d.Comment}");
        }
        return lines.Count == 0 ? null : string.Join("\n", lines);
    }

    public static EmailMessage Request(ReviewSummary summary, Coordinator approver, string link, DateTimeOffset deadline, IndonesianTimeZone zone,
        LinkReason reason, Coordinator? delegatedBy, string regencyName)
    {
        var subject = reason switch
        {
            LinkReason.Reminder => $"Pengingat: {summary.Title} menunggu keputusan Anda",
            LinkReason.Escalated => $"Diteruskan kepada Anda: {summary.Title} menunggu keputusan",
            LinkReason.Delegated => $"Diserahkan kepada Anda: {summary.Title} menunggu keputusan",
            _ => $"{summary.What} menunggu keputusan Anda: {summary.Title}",
        };
        var opening = reason switch
        {
            LinkReason.Reminder => $"{summary.What} \"{summary.Title}\" masih menunggu keputusan Anda sebagai {approver.Title}.",
            LinkReason.Escalated => $"{summary.What} \"{summary.Title}\" dari {regencyName} belum diputuskan di tingkat sebelumnya dan kini diteruskan kepada Anda sebagai {approver.Title}.",
            LinkReason.Delegated => $"{delegatedBy?.Name ?? "Seorang koordinator"} ({delegatedBy?.Title}) menyerahkan keputusan atas {summary.What.ToLowerInvariant()} \"{summary.Title}\" kepada Anda.",
            _ => $"{summary.What} \"{summary.Title}\" dari {regencyName} menunggu keputusan Anda sebagai {approver.Title}.",
        };
        return EmailLayout.Compose(approver.Email, approver.Name, subject,
            [opening, $"Mohon putuskan sebelum {zone.Format(deadline)}. Setelah itu permintaan ini diteruskan atau kedaluwarsa."],
            new EmailAction("Tinjau dan putuskan", link),
            summary.Details,
            footnote: "Tautan ini hanya untuk Anda. Membuka tautan belum memutuskan apa pun; keputusan diambil di halaman yang terbuka.")
            with { AsksCoordinatorToDecide = true };
    }
}
