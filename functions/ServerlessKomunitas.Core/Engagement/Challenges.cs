using System.Globalization;

namespace ServerlessKomunitas.Engagement;

public sealed record Challenge(string Subsector, string Title, string Brief);

/// <summary>
/// The weekly creative challenges: one per subsector and ISO week ("2026-W49"), with a standing one per subsector
/// (week "default", seeded from seeds/challenges.json) for a week nobody has set.
/// </summary>
public sealed class ChallengeStore(KomunitasTables tables)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Challenges";

    TableClient Table => tables.Client(TableName);

    public const string Default = "default";

    public static string WeekOf(DateOnly day) => $"{ISOWeek.GetYear(day.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(day.ToDateTime(TimeOnly.MinValue)):D2}";

    public static bool IsWeek(string? week) => week == Default || (week is { Length: 8 } && week[4..6] == "-W" && int.TryParse(week[..4], out _) && int.TryParse(week[6..], out var w) && w is >= 1 and <= 53);

    public Task SaveAsync(string week, Challenge challenge, CancellationToken cancellationToken = default) =>
        Table.UpsertEntityAsync(new TableEntity(week, TableKey.Checked(challenge.Subsector)) { ["Title"] = challenge.Title, ["Brief"] = challenge.Brief },
            TableUpdateMode.Replace, cancellationToken);

    /// <summary>The week's challenge for every subsector that has one, the standing one where the week has none.</summary>
    public async Task<IReadOnlyDictionary<string, Challenge>> ForWeekAsync(string week, CancellationToken cancellationToken = default)
    {
        var challenges = new Dictionary<string, Challenge>(StringComparer.Ordinal);
        foreach (var partition in new[] { week, Default })
        {
            await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, cancellationToken: cancellationToken))
            {
                challenges.TryAdd(row.RowKey, new Challenge(row.RowKey, row.GetString("Title") ?? "", row.GetString("Brief") ?? ""));
            }
        }
        return challenges;
    }
}
