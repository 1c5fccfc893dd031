using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Rsvps;

public sealed record ExportedRsvp(string EventId, string Status, DateTimeOffset ChangedAt);

/// <summary>
/// RSVPs name the person by key. Withdrawal cancels those to coming events, freeing seats for the waitlist; erasure
/// keeps each row under the pseudonym, since the event's seat count and waitlist order depend on it.
/// </summary>
public sealed class RsvpPersonalData(RsvpStore store, EventRsvps rsvps) : IPersonalDataHolder
{
    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken) =>
        export.Add("rsvps", (await store.OfPersonAsync(person.Key, cancellationToken)).Select(r => new ExportedRsvp(r.PartitionKey, r.StatusName, r.ChangedAt)).ToList());

    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken)
    {
        foreach (var rsvp in await store.OfPersonAsync(run.Person.Key, cancellationToken))
        {
            if (rsvp.Status != RsvpStatus.Cancelled && await rsvps.FindEventAsync(rsvp.PartitionKey, cancellationToken) is (EventState.Open, { } open))
            {
                await rsvps.CancelAsync(open, run.Person, cancellationToken);
            }
        }
        return [];
    }

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        foreach (var rsvp in await store.OfPersonAsync(run.PersonKey, cancellationToken))
        {
            await store.KeepAsTombstoneAsync(rsvp, run.Pseudonym, cancellationToken);
            run.Count("Rsvps", 1);
        }
        return true;
    }
}
