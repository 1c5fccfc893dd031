using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Proposals;

/// <summary>Reads and writes proposal rows. Every change of status is ETag-conditional.</summary>
public sealed class ProposalStore(KomunitasTables tables) : RecordStore<Proposal>(tables.Client(TableName), Proposal.Row)
{
    /// <summary>The table this store keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Proposals";
}
