using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// A new consent text that requires fresh consent (<see cref="ConsentOptions.RequiredVersion"/>): a job that would
/// send a person with older consent a category email asks them to renew it instead, once per version, with a link to
/// their preferences page, where they agree to the new text.
/// </summary>
public sealed class ConsentRenewal(IOptions<ConsentOptions> consent, EmailLedger ledger, PreferenceLinks links)
{
    /// <summary>
    /// True when the person's consent predates the text now required: this contact asks them (once per version) to
    /// renew it, and the caller sends them nothing else.
    /// </summary>
    public async Task<bool> AskIfStaleAsync(Person person, CancellationToken cancellationToken)
    {
        if (consent.Value.IsCurrent(person.ConsentVersion))
        {
            return false;
        }
        await ledger.SendOnceAsync(new LedgerKey(ConsentWithdrawal.InstanceOf(person.Key), "consent-" + consent.Value.RequiredVersion, 0, "person"),
            PrivacyEmails.RenewConsent(person, links.Page(person.Key)), cancellationToken);
        return true;
    }
}
