namespace ServerlessKomunitas.Storage;

/// <summary>
/// Told after a store wrote (or was asked again to write) a record, so that what is derived from the record can follow
/// it: the map's figures (<see cref="Mapping.MapFigureKeeper"/>). Called after every attempt, changed or not, so that
/// a step retried after a crash between the write and the notice still brings the derived figures up to date; an
/// observer must therefore be idempotent and cheap when nothing changed.
/// </summary>
public interface IRecordChangeObserver
{
    /// <param name="table">The store's table (<c>Registrations</c>, <c>Persons</c>, ...).</param>
    /// <param name="partitionKey">The record's partition: its id, a person's key, or an event's id for its RSVPs.</param>
    Task RecordChangedAsync(string table, string partitionKey, CancellationToken cancellationToken = default);
}
