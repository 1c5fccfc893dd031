using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Privacy;

/// <summary>What one table holds, and how a row names the people in it: a person key, an address, or only a hash.</summary>
public sealed record TableContents(string Table, bool Personal, IReadOnlyList<string> Categories, Func<TableEntity, IEnumerable<PersonReference>> People);

/// <summary>A person a row names: by key (a member), by address (a contact or coordinator who need not be a member), or by a one-way hash only.</summary>
public sealed record PersonReference(string? PersonKey, string? Email, string? Name, string? Hash = null);

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
public sealed class BreachScope(KomunitasTables tables, PersonStore persons, PrivacyRequests requests, TimeProvider time)
{
    static IEnumerable<PersonReference> Key(string? key) => string.IsNullOrEmpty(key) || key.StartsWith("erased-", StringComparison.Ordinal) ? [] : [new(key, null, null)];

    static IEnumerable<PersonReference> Address(string? email, string? name) => string.IsNullOrEmpty(email) ? [] : [new(null, email, name)];

    public static IReadOnlyList<TableContents> Catalog { get; } =
    [
        new(Members.PersonStore.TableName, true, ["name", "email", "phone", "kab/kota and province", "time zone", "subsectors", "profile", "mentoring wishes and capacity",
            "consent version and time", "email preferences", "last activity"], r => r.RowKey.StartsWith(Person.RowPrefix, StringComparison.Ordinal) ? Key(r.PartitionKey) : []),
        new(Registrations.RegistrationStore.TableName, true, ["community name", "contact name", "contact email", "contact phone", "kab/kota", "links", "description", "consent record", "decision comments"],
            r => Address(r.GetString("Email"), r.GetString("ContactName"))),
        new(Proposals.ProposalStore.TableName, true, ["event title", "contact name", "contact email", "venue", "online link", "description", "decision comments"],
            r => Address(r.GetString("ContactEmail"), r.GetString("ContactName"))),
        new(Rsvps.RsvpStore.TableName, true, ["event attendance and waitlist place"], r => Key(r.GetString("PersonKey"))),
        new(Mentoring.MentorshipStore.TableName, true, ["mentoring match and its reasons", "check-in ratings, notes and blockers", "feedback", "reason for an early end"],
            r => Key(r.GetString("MenteeKey")).Concat(Key(r.GetString("MentorKey")))),
        new(Mentoring.MentorDirectory.MentorsTableName, true, ["mentor index: subsectors, kab/kota, capacity"], r => Key(r.RowKey)),
        new(Mentoring.MentorDirectory.WaitlistTableName, true, ["waiting mentee requests"], r => Key(r.GetString("MenteeKey"))),
        new(Engagement.ActivityLog.TableName, true, ["activity counts per month"], r => Key(r.RowKey)),
        new(Engagement.JobSends.TableName, true, ["scheduled emails sent (kind and time)"], r => Key(r.RowKey)),
        new(Members.NewMemberQueue.TableName, true, ["new-member digest entries"], r => Key(r.RowKey.Split('-').LastOrDefault())),
        new(Audit.AuditLog.TableName, true, ["who did what and when (keys and roles)", "decision comments"],
            r => Key(r.GetString("Actor")).Concat(RecordId.IsWellFormed(r.PartitionKey) ? Key(r.PartitionKey) : [])),
        new(Notifications.EmailLedger.TableName, true, ["email subjects and times", "address hash"], r => r.GetString("AddressKey") is { } hash ? [new(null, null, null, hash)] : []),
        new(Notifications.Suppressions.TableName, true, ["bounced, reported or withdrawn address hash"], r => [new(null, null, null, r.PartitionKey)]),
        new(Coordinators.CoordinatorDirectory.TableName, true, ["coordinator name, title and email"], r => Address(r.GetString("Email"), r.GetString("Name"))),
        new(PrivacyRequests.TableName, true, ["open data-rights requests: name and email"], r => Address(r.GetString("Email"), r.GetString("Name"))),
        new(Abuse.RateLimiter.TableName, true, ["client network address hashes and counts"], r => []),
        new(Storage.Claims.TableName, false, ["submission de-duplication hashes"], r => []),
        new(Calendar.EventCalendar.TableName, false, ["published events: title, place, time"], r => []),
        new(Regions.RegionDirectory.TableName, false, ["Kemendagri region codes"], r => []),
        new(Approvals.PolicyStore.TableName, false, ["approval policies (coordinator ids)"], r => []),
        new(Inbox.ApprovalInbox.TableName, false, ["requests awaiting each coordinator slot: title, place, deadline, the slot's decision"], r => []),
        new(Engagement.ChallengeStore.TableName, false, ["weekly creative challenges"], r => []),
        new(Preferences.SendGridWebhook.TableName, false, ["SendGrid event ids already processed"], r => []),
    ];

    /// <summary>What a leaked key opens: the link-signing key forges any link (a person's export holds everything about them).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Keys { get; } = new Dictionary<string, IReadOnlyList<string>>
    {
        ["links"] = [Members.PersonStore.TableName, Registrations.RegistrationStore.TableName, Proposals.ProposalStore.TableName, Rsvps.RsvpStore.TableName, Mentoring.MentorshipStore.TableName],
        ["storage"] = Catalog.Select(c => c.Table).ToList(),
        ["sendgrid"] = [Notifications.EmailLedger.TableName, Members.PersonStore.TableName],
    };

    public static TableContents? Find(string table) => Catalog.FirstOrDefault(c => c.Table.Equals(table, StringComparison.OrdinalIgnoreCase));

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
