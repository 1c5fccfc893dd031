namespace ServerlessKomunitas.Rsvps;

public enum RsvpStatus
{
    Attending,
    Waitlisted,
    Cancelled,
}

/// <summary>
/// One person's RSVP to one event, in the event's partition of Rsvps. <c>Sequence</c> orders the waitlist;
/// <c>Notice</c> names the email this change owes the person until it has been sent.
/// </summary>
public sealed class Rsvp : TableRow
{
    public string PersonKey { get; set; } = "";
    public string StatusName { get; set; } = nameof(RsvpStatus.Attending);
    public long Sequence { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string? Notice { get; set; }

    [System.Runtime.Serialization.IgnoreDataMember]
    public RsvpStatus Status
    {
        get => Enum.Parse<RsvpStatus>(StatusName);
        set => StatusName = value.ToString();
    }

    public static string RowOf(string personKey) => "p-" + personKey;
}

/// <summary>The event's seats: every RSVP change writes this row with its ETag, so two changes never both take the last seat.</summary>
public sealed class RsvpSeats : TableRow
{
    public const string Row = "seats";

    public RsvpSeats() => RowKey = Row;

    public int Capacity { get; set; }
    public int Attending { get; set; }
    public long LastSequence { get; set; }
}

/// <summary>What an RSVP change did: the person's row, and the rows that owe an email (theirs, and a promoted one's).</summary>
public sealed record RsvpChange(Rsvp? Rsvp, bool Changed, IReadOnlyList<Rsvp> Notices);

/// <summary>
/// RSVPs and the waitlist of each event, one partition per event: the seats row and every person's row change in
/// one ETag-conditional batch, so capacity holds under any concurrency, and a freed seat goes to the first in line
/// in the same batch that frees it. Every change, repeated or not, is told to <paramref name="changes"/> under the event's id.
/// </summary>
public sealed class RsvpStore(KomunitasTables tables, IRecordChangeObserver? changes = null)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Rsvps";

    TableClient Table => tables.Client(TableName);

    const int Attempts = 100;

    public static class Notices
    {
        public const string Attending = "attending";
        public const string Waitlisted = "waitlisted";
        public const string Promoted = "promoted";
    }

    public async Task<Rsvp?> FindAsync(string eventId, string personKey, CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<Rsvp>(eventId, Rsvp.RowOf(personKey), cancellationToken: cancellationToken)) is { HasValue: true } found ? found.Value : null;

    public async Task<RsvpSeats?> SeatsAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await Table.GetEntityIfExistsAsync<RsvpSeats>(eventId, RsvpSeats.Row, cancellationToken: cancellationToken)) is { HasValue: true } found ? found.Value : null;

    /// <summary>Every RSVP the person made, across events: a scan, for the rare data-rights request.</summary>
    public async Task<IReadOnlyList<Rsvp>> OfPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var rows = new List<Rsvp>();
        await foreach (var row in Table.QueryAsync<Rsvp>(TableClient.CreateQueryFilter($"RowKey eq {Rsvp.RowOf(personKey)}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>
    /// Puts an erased person's RSVP under their pseudonym, in one atomic swap, so that the seat count stays right for
    /// everyone else.
    /// </summary>
    public Task KeepAsTombstoneAsync(Rsvp rsvp, string pseudonym, CancellationToken cancellationToken = default)
    {
        var tombstone = new Rsvp
        {
            PartitionKey = rsvp.PartitionKey, RowKey = Rsvp.RowOf(pseudonym), PersonKey = pseudonym, StatusName = rsvp.StatusName,
            Sequence = rsvp.Sequence, ChangedAt = rsvp.ChangedAt, Notice = null,
        };
        return Table.SubmitTransactionAsync([new(TableTransactionActionType.UpsertReplace, tombstone), new(TableTransactionActionType.Delete, rsvp, ETag.All)], cancellationToken);
    }

    Task ChangedAsync(string eventId, CancellationToken cancellationToken) =>
        changes?.RecordChangedAsync(TableName, eventId, cancellationToken) ?? Task.CompletedTask;

    /// <summary>Everyone who holds a seat or waits for one, the attendees first, then the waitlist in order.</summary>
    public async Task<IReadOnlyList<Rsvp>> ActiveAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await AllAsync(eventId, cancellationToken)).Where(r => r.Status != RsvpStatus.Cancelled).OrderBy(r => r.Status).ThenBy(r => r.Sequence).ToList();

    async Task<List<Rsvp>> AllAsync(string eventId, CancellationToken cancellationToken)
    {
        var rows = new List<Rsvp>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {eventId} and RowKey ge {"p-"} and RowKey lt {"p."}");
        await foreach (var row in Table.QueryAsync<Rsvp>(filter, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Takes a seat, or a place at the end of the waitlist; repeating it changes nothing.</summary>
    public Task<RsvpChange> AttendAsync(string eventId, string personKey, int capacity, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeAsync(eventId, personKey, capacity, (seats, mine, _) =>
        {
            if (mine is { Status: RsvpStatus.Attending or RsvpStatus.Waitlisted })
            {
                return null;
            }
            var row = mine ?? new Rsvp { PartitionKey = eventId, RowKey = Rsvp.RowOf(personKey), PersonKey = personKey };
            row.Sequence = ++seats.LastSequence;
            row.ChangedAt = now;
            if (seats.Attending < seats.Capacity)
            {
                seats.Attending++;
                row.Status = RsvpStatus.Attending;
                row.Notice = Notices.Attending;
            }
            else
            {
                row.Status = RsvpStatus.Waitlisted;
                row.Notice = Notices.Waitlisted;
            }
            return [row];
        }, cancellationToken);

    /// <summary>Gives up a seat or a waitlist place; a freed seat goes to the first waiting, in the same write.</summary>
    public Task<RsvpChange> CancelAsync(string eventId, string personKey, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeAsync(eventId, personKey, 0, (seats, mine, firstWaiting) =>
        {
            if (mine is not { Status: RsvpStatus.Attending or RsvpStatus.Waitlisted })
            {
                return null;
            }
            var wasAttending = mine.Status == RsvpStatus.Attending;
            mine.Status = RsvpStatus.Cancelled;
            mine.ChangedAt = now;
            mine.Notice = null;
            if (!wasAttending)
            {
                return [mine];
            }
            if (firstWaiting is null)
            {
                seats.Attending--;
                return [mine];
            }
            firstWaiting.Status = RsvpStatus.Attending;
            firstWaiting.ChangedAt = now;
            firstWaiting.Notice = Notices.Promoted;
            return [mine, firstWaiting];
        }, cancellationToken);

    /// <summary>Rows whose email is still owed, for a sweep after a crash between the write and the send.</summary>
    public async Task<IReadOnlyList<Rsvp>> OwedNoticesAsync(string eventId, CancellationToken cancellationToken = default) =>
        (await AllAsync(eventId, cancellationToken)).Where(r => r.Notice is not null).ToList();

    /// <summary>Marks the notice sent, unless the row changed since (then the newer notice stays owed).</summary>
    public async Task NoticeSentAsync(Rsvp row, CancellationToken cancellationToken = default)
    {
        try
        {
            // A merge cannot remove a column (a null is left out of it): the row is replaced, as read, without its notice.
            var sent = new Rsvp
            {
                PartitionKey = row.PartitionKey, RowKey = row.RowKey, PersonKey = row.PersonKey, StatusName = row.StatusName, Sequence = row.Sequence, ChangedAt = row.ChangedAt,
            };
            await Table.UpdateEntityAsync(sent, row.ETag, TableUpdateMode.Replace, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
        {
        }
    }

    async Task<RsvpChange> ChangeAsync(string eventId, string personKey, int capacity,
        Func<RsvpSeats, Rsvp?, Rsvp?, List<Rsvp>?> change, CancellationToken cancellationToken)
    {
        var result = await ChangeOnceAsync(eventId, personKey, capacity, change, cancellationToken);
        await ChangedAsync(eventId, cancellationToken);
        return result;
    }

    async Task<RsvpChange> ChangeOnceAsync(string eventId, string personKey, int capacity,
        Func<RsvpSeats, Rsvp?, Rsvp?, List<Rsvp>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var seats = await SeatsAsync(eventId, cancellationToken) ?? new RsvpSeats { PartitionKey = eventId, Capacity = capacity };
            var mine = await FindAsync(eventId, personKey, cancellationToken);
            var firstWaiting = mine is { Status: RsvpStatus.Attending } ? await FirstWaitingAsync(eventId, cancellationToken) : null;
            var isNewSeats = seats.ETag == default;
            var rows = change(seats, mine, firstWaiting);
            if (rows is null)
            {
                return new RsvpChange(mine, false, []);
            }
            List<TableTransactionAction> actions =
            [
                isNewSeats ? new(TableTransactionActionType.Add, seats) : new(TableTransactionActionType.UpdateReplace, seats, seats.ETag),
                .. rows.Select(r => r.ETag == default
                    ? new TableTransactionAction(TableTransactionActionType.Add, r)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, r, r.ETag)),
            ];
            try
            {
                var response = await Table.SubmitTransactionAsync(actions, cancellationToken);
                for (var i = 0; i < rows.Count; i++)
                {
                    rows[i].ETag = response.Value[i + 1].Headers.ETag ?? default;
                }
                var me = rows.First(r => r.PersonKey == personKey);
                return new RsvpChange(me, true, rows.Where(r => r.Notice is not null).ToList());
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
            {
                // Another change to this event won the race: read again. A short random pause keeps a crowd from retrying in step.
                await Task.Delay(Random.Shared.Next(5, 25 + attempt * 5), cancellationToken);
            }
        }
        throw new InvalidOperationException($"RSVPs of event {eventId} kept changing.");
    }

    async Task<Rsvp?> FirstWaitingAsync(string eventId, CancellationToken cancellationToken) =>
        (await AllAsync(eventId, cancellationToken)).Where(r => r.Status == RsvpStatus.Waitlisted).MinBy(r => r.Sequence);
}
