using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>
/// Keeps what the directory shows in line with the records, from the stores' notice of every write
/// (<see cref="IRecordChangeObserver"/>): a listed community's browsing rows follow its registration (its name,
/// subsectors, kab/kota, and whether it still has a contact), and its profile's events, mentorships and members
/// follow theirs (<see cref="CommunityActivityStore"/>). Each write states the record as it now is, so a retried step
/// writes the same again. It reads the rows itself, not through the stores, which are given it (a cycle).
/// </summary>
public sealed partial class DirectoryKeeper(ListingStore listings, CommunityActivityStore life, KomunitasTables tables, ILogger<DirectoryKeeper> log) : IRecordChangeObserver
{
    public async Task RecordChangedAsync(string table, string partitionKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await FollowAsync(table, partitionKey, cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // The record is written; only the directory's copy waits, and the record's next change brings it up. The step is not failed for it.
            NotFollowed(log, table, e.Message);
        }
    }

    async Task FollowAsync(string table, string partitionKey, CancellationToken cancellationToken)
    {
        switch (table)
        {
            case RegistrationStore.TableName:
                // Most communities have no listing: one read finds that, and the registration is read only for those that do.
                if (await listings.FindAsync(partitionKey, cancellationToken) is not null
                    && await FindAsync<Registration>(RegistrationStore.TableName, partitionKey, Registration.Row, cancellationToken) is { } registration)
                {
                    await listings.ChangeAsync(partitionKey, _ => false, registration, cancellationToken);
                }
                break;
            case PersonStore.TableName:
                await life.FollowPersonAsync(partitionKey, cancellationToken);
                break;
            case ProposalStore.TableName:
                if (await FindAsync<Proposal>(ProposalStore.TableName, partitionKey, Proposal.Row, cancellationToken) is { } proposal)
                {
                    await life.FollowEventAsync(proposal, cancellationToken);
                }
                break;
            case MentorshipStore.TableName:
                if (await FindAsync<Mentorship>(MentorshipStore.TableName, partitionKey, Mentorship.Row, cancellationToken) is { } mentorship)
                {
                    await life.FollowMentorshipAsync(mentorship, cancellationToken);
                }
                break;
        }
    }

    async Task<T?> FindAsync<T>(string table, string partitionKey, string rowKey, CancellationToken cancellationToken) where T : class, ITableEntity
    {
        var row = await tables.Client(table).GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory did not follow a {Table} record: {Reason}")]
    static partial void NotFollowed(ILogger logger, string table, string reason);
}
