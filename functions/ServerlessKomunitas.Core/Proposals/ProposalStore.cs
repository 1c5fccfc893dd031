namespace ServerlessKomunitas.Proposals;

/// <summary>Reads and writes proposal rows. Every change of status is ETag-conditional.</summary>
public sealed class ProposalStore(KomunitasTables tables, IRecordChangeObserver? changes = null)
    : RecordStore<Proposal>(tables, TableName, Proposal.Row, changes)
{
    /// <summary>The table this store keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Proposals";

    /// <summary>Moves the row from <paramref name="from"/> (in <paramref name="round"/>, when given) to Expired; the row as it stands either way.</summary>
    public async Task<Proposal> ExpireFromAsync(string id, ProposalStatus from, DateTimeOffset now, int? round = null)
    {
        var (row, _) = await TransitionAsync(id, p => ProposalTransitions.Expire(p, from, round, now));
        return row ?? throw new InvalidOperationException($"Proposal {id} does not exist.");
    }
}
