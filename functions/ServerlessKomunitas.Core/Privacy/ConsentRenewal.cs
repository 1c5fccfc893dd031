using Microsoft.Extensions.Options;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Notifications;
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
    public bool IsCurrent(Person person) => consent.Value.IsCurrent(person.ConsentVersion);

    public Task AskAsync(Person person, CancellationToken cancellationToken) =>
        ledger.SendOnceAsync(new LedgerKey(ConsentWithdrawal.InstanceOf(person.Key), "consent-" + consent.Value.RequiredVersion, 0, "person"),
            PrivacyEmails.RenewConsent(person, links.Page(person.Key)), cancellationToken);
}
