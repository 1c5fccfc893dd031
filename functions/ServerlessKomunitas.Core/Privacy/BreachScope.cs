using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

public sealed record ExposedPerson(string? PersonKey, string? Name, string? Email, string? Zone, IReadOnlyList<string> Tables, DateTimeOffset LastChanged, bool ChangedInWindow);

/// <summary>The start of a breach notice: what a table (or a leaked key) could expose, and whose it was.</summary>
public sealed record BreachReport(string Scope, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<string> Tables, IReadOnlyList<string> Categories,
    int Rows, int RowsChangedInWindow, IReadOnlyList<ExposedPerson> People, int UnresolvedHashes, int ErasedSinceFrom, DateTimeOffset NotifyBy);

/// <summary>
/// The catalog of what every table holds, and the query an operator starts a breach notice from (UU PDP: the people
/// affected and the authority are told in writing within 3 × 24 hours). It lists every person a table names now, with
/// whether their rows changed in the window; people erased since the window began are counted, since they cannot be
/// listed. A leaked link-signing key exposes whatever a forged link opens: every person's "Data saya" export.
/// </summary>
public sealed class BreachScope(KomunitasTables tables, PersonStore persons, PrivacyRequests requests, IEnumerable<AppTable> declared, TimeProvider time)
{
    /// <summary>What every table holds, as the features declared their tables.</summary>
    public IReadOnlyList<TableContents> Catalog { get; } = declared.Select(t => t.Contents).DistinctBy(c => c.Table).OrderBy(c => c.Table, StringComparer.Ordinal).ToList();

    /// <summary>
    /// What a leaked key opens: the link-signing key forges any link (a person's export holds everything about them), the
    /// storage key every table, and the SendGrid key the sent mail and the addresses it went to.
    /// </summary>
    public IReadOnlyList<TableContents>? Exposed(string key) => key switch
    {
        "links" => Catalog.Where(c => c.OpenedByLink).ToList(),
        "storage" => Catalog,
        "sendgrid" => Catalog.Where(c => c.Table is Notifications.EmailLedger.TableName or PersonStore.TableName).ToList(),
        _ => null,
    };

    public TableContents? Find(string table) => Catalog.FirstOrDefault(c => c.Table.Equals(table, StringComparison.OrdinalIgnoreCase));

    public async Task<BreachReport> ReportAsync(string scope, IReadOnlyList<TableContents> contents, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var rows = 0;
        var changed = 0;
        var hashes = new HashSet<string>(StringComparer.Ordinal);
        var people = new Dictionary<string, (PersonReference Reference, SortedSet<string> Tables, DateTimeOffset Last, bool InWindow)>(StringComparer.Ordinal);
        foreach (var table in contents)
        {
            await foreach (var row in tables.Client(table.Table).QueryAsync<TableEntity>(cancellationToken: cancellationToken))
            {
                rows++;
                var at = row.Timestamp ?? DateTimeOffset.MinValue;
                var inWindow = at >= from && at <= to;
                changed += inWindow ? 1 : 0;
                foreach (var reference in table.People(row))
                {
                    if (reference.Hash is { } hash)
                    {
                        hashes.Add(hash);
                        continue;
                    }
                    var id = reference.PersonKey ?? Person.KeyOf(Validation.EmailAddress.Normalize(reference.Email) ?? reference.Email!);
                    people.TryGetValue(id, out var seen);
                    var tablesSeen = seen.Tables ?? new SortedSet<string>(StringComparer.Ordinal);
                    tablesSeen.Add(table.Table);
                    people[id] = (seen.Reference ?? reference with { PersonKey = id }, tablesSeen, at > seen.Last ? at : seen.Last, seen.InWindow || inWindow);
                }
            }
        }
        var exposed = new List<ExposedPerson>();
        foreach (var (key, seen) in people.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var person = await persons.FindPersonAsync(key, cancellationToken);
            hashes.Remove(Notifications.Suppressions.KeyOf(person?.Email ?? seen.Reference.Email ?? ""));
            exposed.Add(new ExposedPerson(key, person?.Name ?? seen.Reference.Name, person?.Email ?? seen.Reference.Email, person?.Zone, seen.Tables.ToList(), seen.Last, seen.InWindow));
        }
        var now = time.GetUtcNow();
        var erased = (await requests.LogAsync(from, now.AddDays(1), cancellationToken)).Count(e => e.Kind == RightsRequestKind.Erasure);
        // UU PDP counts the 3 × 24 hours from when the breach is known: at the latest, from this report.
        return new BreachReport(scope, from, to, contents.Select(c => c.Table).ToList(), contents.SelectMany(c => c.Categories).Distinct().ToList(),
            rows, changed, exposed, hashes.Count, erased, now.AddHours(72));
    }
}
