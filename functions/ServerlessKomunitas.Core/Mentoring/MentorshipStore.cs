namespace ServerlessKomunitas.Mentoring;

/// <summary>Mentorships, with their check-ins and feedback in the same partition.</summary>
public sealed class MentorshipStore(KomunitasTables tables, IRecordChangeObserver? changes = null)
    : RecordStore<Mentorship>(tables, TableName, Mentorship.Row, changes)
{
    /// <summary>The table this store keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Mentorships";

    /// <summary>Every mentorship the person is in, on either side: a scan, for the rare data-rights request.</summary>
    public async Task<IReadOnlyList<Mentorship>> OfPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var rows = new List<Mentorship>();
        await foreach (var m in Table.QueryAsync<Mentorship>(
                           TableClient.CreateQueryFilter($"RowKey eq {Mentorship.Row} and (MenteeKey eq {personKey} or MentorKey eq {personKey})"), cancellationToken: cancellationToken))
        {
            rows.Add(m);
        }
        return rows;
    }

    /// <summary>Deletes one side's check-ins and feedback (their notes are theirs); returns how many rows.</summary>
    public async Task<int> EraseSideAsync(string id, string role, CancellationToken cancellationToken = default)
    {
        var rows = (await CheckInsAsync(id, cancellationToken)).Where(c => c.Role == role).Select(c => c.RowKey)
            .Concat((await FeedbackAsync(id, cancellationToken)).Where(f => f.Role == role).Select(f => f.RowKey)).ToList();
        foreach (var rowKey in rows)
        {
            await Table.DeleteIfExistsAsync(id, rowKey, cancellationToken);
        }
        return rows.Count;
    }

    /// <summary>
    /// Moves every row of a mentorship to a new id: an erased mentee's mentorship id derives from their address, so the
    /// record the mentor keeps must not be findable from it. Copies first, then deletes, so a run cut short loses nothing.
    /// </summary>
    public async Task RelocateAsync(string id, string newId, Func<TableEntity, TableEntity> change, CancellationToken cancellationToken = default)
    {
        await KomunitasTables.MovePartitionAsync(Table, id, newId, change, cancellationToken);
        await ChangedAsync(id, cancellationToken);
        await ChangedAsync(newId, cancellationToken);
    }

    public async Task<IReadOnlyList<CheckIn>> CheckInsAsync(string id, CancellationToken cancellationToken = default)
    {
        var rows = new List<CheckIn>();
        await foreach (var row in Table.QueryAsync<CheckIn>(e => e.PartitionKey == id && e.RowKey.CompareTo("checkin-") > 0 && e.RowKey.CompareTo("checkin.") < 0, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    public async Task<CheckIn?> CheckInAsync(string id, int number, string role, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<CheckIn>(id, CheckIn.RowOf(number, role), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>Stores an answer; a late answer replaces the record of a miss, a second answer changes nothing. True when stored now.</summary>
    public async Task<bool> SubmitCheckInAsync(CheckIn answer, CancellationToken cancellationToken = default)
    {
        EntityLimits.Check(answer);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await CheckInAsync(answer.PartitionKey, answer.Number, answer.Role, cancellationToken);
            try
            {
                if (existing is null)
                {
                    await Table.AddEntityAsync(answer, cancellationToken);
                    return true;
                }
                if (!existing.Missed)
                {
                    return false;
                }
                await Table.UpdateEntityAsync(answer, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed())
            {
            }
        }
        return false;
    }

    /// <summary>Records a miss unless an answer got in first. True when this call recorded it.</summary>
    public async Task<bool> RecordMissAsync(string id, int number, string role, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        return await Table.AddIfAbsentAsync(
            new CheckIn { PartitionKey = id, RowKey = CheckIn.RowOf(number, role), Number = number, Role = role, Missed = true, MissedAt = at }, cancellationToken);
    }

    public async Task<IReadOnlyList<MentorshipFeedback>> FeedbackAsync(string id, CancellationToken cancellationToken = default)
    {
        var rows = new List<MentorshipFeedback>();
        await foreach (var row in Table.QueryAsync<MentorshipFeedback>(e => e.PartitionKey == id && e.RowKey.CompareTo("feedback-") > 0 && e.RowKey.CompareTo("feedback.") < 0, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Stores one side's feedback once; false when it was already given.</summary>
    public async Task<bool> GiveFeedbackAsync(MentorshipFeedback feedback, CancellationToken cancellationToken = default)
    {
        EntityLimits.Check(feedback);
        return await Table.AddIfAbsentAsync(feedback, cancellationToken);
    }
}
