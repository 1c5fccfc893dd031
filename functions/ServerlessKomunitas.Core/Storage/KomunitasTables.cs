using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace ServerlessKomunitas.Storage;

/// <summary>The app's tables, one per aggregate, each behind the configured name prefix.</summary>
public sealed class KomunitasTables(TableServiceClient service, IOptions<StorageOptions> options)
{
    public const string RegistrationsName = "Registrations";
    public const string ClaimsName = "Claims";
    public const string RateLimitsName = "RateLimits";
    public const string RegionsName = "Regions";
    public const string CoordinatorsName = "Coordinators";
    public const string AuditName = "Audit";
    public const string EmailLedgerName = "EmailLedger";
    public const string PoliciesName = "Policies";
    public const string ProposalsName = "Proposals";
    public const string CalendarName = "Calendar";
    public const string PersonsName = "Persons";
    public const string NewMembersName = "NewMembers";
    public const string MentorsName = "Mentors";
    public const string MentorWaitlistName = "MentorWaitlist";
    public const string MentorshipsName = "Mentorships";
    public const string RsvpsName = "Rsvps";
    public const string SuppressionsName = "Suppressions";
    public const string WebhookEventsName = "WebhookEvents";
    public const string ChallengesName = "Challenges";
    public const string JobSendsName = "JobSends";
    public const string ActivityName = "Activity";
    public const string PrivacyRequestsName = "PrivacyRequests";

    public static IReadOnlyList<string> AllNames { get; } =
        [RegistrationsName, ClaimsName, RateLimitsName, RegionsName, CoordinatorsName, AuditName, EmailLedgerName, PoliciesName, ProposalsName, CalendarName, PersonsName, NewMembersName,
         MentorsName, MentorWaitlistName, MentorshipsName, RsvpsName, SuppressionsName, WebhookEventsName, ChallengesName, JobSendsName, ActivityName, PrivacyRequestsName];

    readonly string prefix = options.Value.TablePrefix;

    public TableClient Registrations => Table(RegistrationsName);
    public TableClient Claims => Table(ClaimsName);
    public TableClient RateLimits => Table(RateLimitsName);
    public TableClient Regions => Table(RegionsName);
    public TableClient Coordinators => Table(CoordinatorsName);
    public TableClient Audit => Table(AuditName);
    public TableClient EmailLedger => Table(EmailLedgerName);
    public TableClient Policies => Table(PoliciesName);
    public TableClient Proposals => Table(ProposalsName);
    public TableClient Calendar => Table(CalendarName);
    public TableClient Persons => Table(PersonsName);
    public TableClient NewMembers => Table(NewMembersName);
    public TableClient Mentors => Table(MentorsName);
    public TableClient MentorWaitlist => Table(MentorWaitlistName);
    public TableClient Mentorships => Table(MentorshipsName);
    public TableClient Rsvps => Table(RsvpsName);
    public TableClient Suppressions => Table(SuppressionsName);
    public TableClient WebhookEvents => Table(WebhookEventsName);
    public TableClient Challenges => Table(ChallengesName);
    public TableClient JobSends => Table(JobSendsName);
    public TableClient Activity => Table(ActivityName);
    public TableClient PrivacyRequests => Table(PrivacyRequestsName);

    /// <summary>A table by its name in <see cref="AllNames"/>, for code that walks them all (a breach report).</summary>
    public TableClient Client(string name) => Table(name);

    TableClient Table(string name) => service.GetTableClient(prefix + name);

    /// <summary>Creates every table that does not exist yet, in parallel.</summary>
    public Task CreateAllAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(AllNames.Select(name => Table(name).CreateIfNotExistsAsync(cancellationToken)));

    /// <summary>
    /// Moves every row of partition <paramref name="from"/> to <paramref name="to"/> (changed by <paramref name="change"/>):
    /// written there first, then deleted here, so a run cut short leaves copies that the next run overwrites. Returns how many.
    /// </summary>
    public static async Task<int> MovePartitionAsync(TableClient table, string from, string to, Func<TableEntity, TableEntity>? change = null,
        CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync<TableEntity>(e => e.PartitionKey == from, cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        var moved = rows.Select(r => new TableEntity(r) { PartitionKey = to, RowKey = r.RowKey, ETag = default }).Select(change ?? (r => r));
        await SubmitInBatchesAsync(table, moved.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)), cancellationToken);
        await SubmitInBatchesAsync(table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        return rows.Count;
    }

    /// <summary>Submits one partition's actions in batches within Azure's limits.</summary>
    public static async Task SubmitInBatchesAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken = default)
    {
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey))
        {
            foreach (var chunk in partition.Chunk(EntityLimits.MaxBatchEntities))
            {
                EntityLimits.CheckBatch(chunk);
                await table.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }
    }
}

public static class TableResponses
{
    public static bool IsConflict(this RequestFailedException e) => e.Status == 409;
    public static bool IsNotFound(this RequestFailedException e) => e.Status == 404;
    public static bool IsPreconditionFailed(this RequestFailedException e) => e.Status == 412;

    /// <summary>Deletes the row whatever its version; a row already gone is what was wanted.</summary>
    public static async Task DeleteIfExistsAsync(this TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken = default)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsNotFound())
        {
        }
    }
}
