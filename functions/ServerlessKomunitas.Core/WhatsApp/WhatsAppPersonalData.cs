using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>Every WhatsApp message sent to the person: its kind and times, never its text.</summary>
public sealed record ExportedWhatsAppMessage(string Kind, string Status, DateTimeOffset SentAt, DateTimeOffset? StatusAt);

/// <summary>
/// The WhatsApp ledger's rows are the person's. The export lists them (kind and times); erasure deletes each message at
/// Twilio too (<c>DELETE .../Messages/{Sid}</c>), then the rows.
/// </summary>
public sealed class WhatsAppPersonalData(WhatsAppLedger ledger, TwilioClients clients, IOptions<WhatsAppOptions> options) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken) =>
        export.Add("whatsAppMessages", (await ledger.OfPersonAsync(person.Key, cancellationToken))
            .OrderBy(m => m.CreatedAt).Select(m => new ExportedWhatsAppMessage(m.Kind, m.Status, m.CreatedAt, m.StatusAt)).ToList());

    public Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContactedRecord>>([]);

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
        return true;
    }
}
