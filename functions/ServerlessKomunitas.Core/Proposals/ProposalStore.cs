using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Proposals;

/// <summary>Reads and writes proposal rows. Every change of status is ETag-conditional.</summary>
public sealed class ProposalStore(KomunitasTables tables) : RecordStore<Proposal>(tables.Proposals, Proposal.Row);
