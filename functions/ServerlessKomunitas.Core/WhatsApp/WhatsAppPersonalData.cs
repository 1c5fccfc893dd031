using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>Every WhatsApp message sent to the person: its kind and times, never its text.</summary>
public sealed record ExportedWhatsAppMessage(string Kind, string Status, DateTimeOffset SentAt, DateTimeOffset? StatusAt);

/// <summary>The person's WhatsApp consent: the number, the consent's version and time, and where the opt-in stands.</summary>
public sealed record ExportedWhatsAppConsent(string Number, string Status, string ConsentVersion, DateTimeOffset ConsentedAt, DateTimeOffset? ConfirmedAt,
    DateTimeOffset? OffAt);

/// <summary>
/// The WhatsApp consent and the ledger's rows are the person's. The export gives the consent and lists the messages
/// (kind and times); a withdrawal switches WhatsApp off at once; erasure deletes each message at Twilio too
/// (<c>DELETE .../Messages/{Sid}</c>), then the rows and the number.
/// </summary>
public sealed class WhatsAppPersonalData(WhatsAppLedger ledger, WhatsAppConsents consents, TwilioClients clients, IOptions<WhatsAppOptions> options)
    : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken)
    {
        var consent = await consents.FindAsync(person.Key, cancellationToken);
        // A list, as every section is: empty when the person never asked for WhatsApp.
        export.Add("whatsAppConsent", consent is null ? [] : new List<ExportedWhatsAppConsent> { new(consent.Number, consent.StatusName, consent.ConsentVersion,
            consent.ConsentedAt, consent.ConfirmedAt, consent.OffAt) });
        export.Add("whatsAppMessages", (await ledger.OfPersonAsync(person.Key, cancellationToken))
            .OrderBy(m => m.CreatedAt).Select(m => new ExportedWhatsAppMessage(m.Kind, m.Status, m.CreatedAt, m.StatusAt)).ToList());
    }

    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken)
    {
        await consents.TurnOffAsync(run.Person.Key, cancellationToken);
        return [];
    }

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        var sids = (await ledger.OfPersonAsync(run.PersonKey, cancellationToken)).Select(m => m.MessageSid).OfType<string>().ToList();
        if (sids.Count > 0 && options.Value.IsConfigured)
        {
            var client = clients.Create();
            foreach (var sid in sids)
            {
                try
                {
                    await MessageResource.DeleteAsync(sid, client: client);
                }
                catch (ApiException gone) when (gone.Status == 404)
                {
                    // Deleted by an earlier run that stopped before the rows went.
                }
            }
        }
        run.Count(WhatsAppLedger.TableName, await ledger.ForgetPersonAsync(run.PersonKey, sids, cancellationToken));
        if (await consents.FindAsync(run.PersonKey, cancellationToken) is not null)
        {
            await consents.ForgetAsync(run.PersonKey, cancellationToken);
            run.Count(WhatsAppConsents.TableName, 1);
        }
        return true;
    }
}
