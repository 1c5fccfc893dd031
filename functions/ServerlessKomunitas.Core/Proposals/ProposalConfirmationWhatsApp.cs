using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas.Proposals;

/// <summary>
/// The request to a community's contact to confirm a proposal made in the community's name, on WhatsApp where the
/// contact wants approval requests there, with the same confirmation link as the email. Should the message not be
/// delivered to a contact who chose WhatsApp only, <see cref="ProposalConfirmationFallback"/> sends the email.
/// </summary>
public sealed class ProposalConfirmationWhatsApp(WhatsAppNotices notices)
{
    public const string Kind = "proposal-confirmation";

    /// <summary>The email's ledger key: the fallback sends under it, so the contact gets the email once at most.</summary>
    public static LedgerKey EmailKey(string proposalId) => new(proposalId, "proposal-confirmation", 1, ProposalLinks.Contact);

    /// <summary>Sends the request where the contact wants it; true when the email must go too.</summary>
    public async Task<bool> SendAsync(Proposal p, string confirmLink, DateTimeOffset until, CancellationToken cancellationToken = default) =>
        (await notices.SendAsync(p.ContactKey, WhatsAppKind.ApprovalRequests, $"{p.Id}:{Kind}:1", WhatsAppTemplates.ProposalConfirmation,
            WhatsAppTemplates.ProposalConfirmation.Values(Members.Person.FirstNameOf(p.ContactName), p.CommunityName, p.Title, p.TimeZone.Format(until), confirmLink),
            new FallbackReference(p.Id, FallbackReference.TimeOf(until), 1).For(Kind), cancellationToken)).Email;
}

/// <summary>The confirmation email, for a contact whose WhatsApp message ended failed or undelivered, while the proposal still waits for it.</summary>
public sealed class ProposalConfirmationFallback(ProposalStore store, ProposalLinks links, RegionDirectory regions, EmailLedger emails) : IWhatsAppFallback
{
    public string Kind => ProposalConfirmationWhatsApp.Kind;

    public async Task SendAsync(string personKey, FallbackReference reference, CancellationToken cancellationToken)
    {
        if (reference.SecondAsTime is not { } until || await store.FindAsync(reference.First, cancellationToken) is not { } p
            || p.ContactKey != personKey || p.Status != ProposalStatus.AwaitingConfirmation)
        {
            return;
        }
        await emails.SendOnceAsync(ProposalConfirmationWhatsApp.EmailKey(p.Id),
            ProposalEmails.ConfirmSubmission(p, links.Confirm(p, until), links.Withdraw(p), until, await regions.RegencyNameAsync(p.RegencyCode, cancellationToken)),
            cancellationToken);
    }
}
