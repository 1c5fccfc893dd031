using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Inbox;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Approvals;

/// <summary>
/// An approval request on WhatsApp, for a coordinator who wants it there, with the same decision link as the email.
/// It goes only where the email would (the inbox's daily number applies to both); should WhatsApp not deliver it to
/// someone who chose WhatsApp only, <see cref="ApprovalRequestFallback"/> emails them their inbox.
/// </summary>
public sealed class ApprovalWhatsApp(WhatsAppNotices notices)
{
    public const string Kind = "approval";

    /// <summary>Sends the request on WhatsApp where the coordinator wants it; true when the email must go too.</summary>
    /// <param name="key">The request's own key (its email's ledger key), so that a retried activity sends nothing twice.</param>
    public async Task<bool> SendAsync(Coordinator approver, ReviewSummary summary, string regencyName, string decisionUrl, string deadline, string key,
        string subjectId, int round) =>
        (await notices.SendAsync(approver.PersonKey, WhatsAppKind.ApprovalRequests, key, WhatsAppTemplates.ApprovalRequest,
            WhatsAppTemplates.ApprovalRequest.Values(Members.Person.FirstNameOf(approver.Name), $"{summary.What} {summary.Title}, {regencyName}", deadline, decisionUrl),
            new FallbackReference(approver.Id, subjectId, round).For(Kind))).Email;
}

/// <summary>
/// The email for an approval request whose WhatsApp message ended failed or undelivered, to a coordinator who chose
/// WhatsApp only: their inbox, where the request waits, once per request.
/// </summary>
public sealed class ApprovalRequestFallback(CoordinatorDirectory coordinators, InboxLinks inboxLinks, EmailLedger emails) : IWhatsAppFallback
{
    public string Kind => ApprovalWhatsApp.Kind;

    public async Task SendAsync(string personKey, FallbackReference reference, CancellationToken cancellationToken)
    {
        if (await coordinators.FindByIdAsync(reference.First, cancellationToken) is not { } approver || approver.PersonKey != personKey)
        {
            return;
        }
        var email = EmailLayout.Compose(approver.Email, approver.Name, "Permintaan persetujuan menunggu Anda",
            ["Pesan WhatsApp berisi permintaan persetujuan tidak sampai ke nomor Anda. Permintaan itu menunggu di kotak masuk Anda, bersama yang lain."],
            new EmailAction("Buka kotak masuk", inboxLinks.For(approver)));
        await emails.SendOnceAsync(new LedgerKey(reference.Second, "approval-whatsapp-fallback", reference.Number, approver.Id), email, cancellationToken);
    }
}
