using Azure;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Registrations;

/// <summary>Reads and writes registration rows. Every change of status is ETag-conditional.</summary>
public sealed class RegistrationStore(KomunitasTables tables)
{
    public async Task<Registration?> FindAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!RecordId.IsWellFormed(id))
        {
            return null;
        }
        var row = await tables.Registrations.GetEntityIfExistsAsync<Registration>(id, Registration.Row, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Adds the row; false if a row with this id already exists (a retried or repaired submission).</summary>
    public async Task<bool> TryAddAsync(Registration registration, CancellationToken cancellationToken = default)
    {
        EntityLimits.Check(registration);
        try
        {
            await tables.Registrations.AddEntityAsync(registration, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            return false;
        }
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the current row and writes it ETag-conditionally, re-reading and
    /// trying again if somebody else wrote first. <paramref name="change"/> returns false to leave the row as it is.
    /// </summary>
    public Task<(Registration? Row, bool Changed)> TransitionAsync(string id, Func<Registration, bool> change, CancellationToken cancellationToken = default) =>
        TransitionAsync(id, null, change, cancellationToken);

    /// <summary>The same, starting from a row the caller has just read, so that the common case reads nothing twice.</summary>
    public Task<(Registration? Row, bool Changed)> TransitionAsync(Registration current, Func<Registration, bool> change, CancellationToken cancellationToken = default) =>
        TransitionAsync(current.Id, current, change, cancellationToken);

    async Task<(Registration? Row, bool Changed)> TransitionAsync(string id, Registration? current, Func<Registration, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var row = attempt == 0 && current is not null ? current : await FindAsync(id, cancellationToken);
            if (row is null || !change(row))
            {
                return (row, false);
            }
            if (await TryReplaceAsync(row, cancellationToken))
            {
                return (row, true);
            }
        }
        throw new InvalidOperationException($"Registration {id} kept changing under a transition; giving up after 10 attempts.");
    }

    /// <summary>Writes a changed row only if nobody changed it since it was read; false if somebody did.</summary>
    public async Task<bool> TryReplaceAsync(Registration registration, CancellationToken cancellationToken = default)
    {
        EntityLimits.Check(registration);
        try
        {
            var response = await tables.Registrations.UpdateEntityAsync(registration, registration.ETag, Azure.Data.Tables.TableUpdateMode.Replace, cancellationToken);
            registration.ETag = response.Headers.ETag ?? registration.ETag;
            return true;
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }
}
