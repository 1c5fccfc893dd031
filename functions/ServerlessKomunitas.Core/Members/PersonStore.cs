namespace ServerlessKomunitas.Members;

/// <summary>What a sign-up found or made.</summary>
public sealed record SignUp(Person Person, Membership Membership, bool IsDuplicate);

/// <summary>
/// Persons and their memberships in one table, one partition per person. Every change is one batch over that
/// partition with the ETags read, so that a person and a membership never disagree, and a race is retried. Each
/// change of status, and each erasure, is told to <paramref name="changes"/>.
/// </summary>
public sealed class PersonStore(KomunitasTables tables, IRecordChangeObserver? changes = null)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "Persons";

    const int Attempts = 10;

    TableClient Table => tables.Client(TableName);

    public sealed record PersonRows(Person? Person, IReadOnlyList<Membership> Memberships)
    {
        public Membership? Of(string communityId) => Memberships.FirstOrDefault(m => m.CommunityId == communityId);
    }

    public async Task<PersonRows> ReadAsync(string personKey, CancellationToken cancellationToken = default)
    {
        Person? person = null;
        var memberships = new List<Membership>();
        if (!RecordId.IsWellFormed(personKey))
        {
            return new PersonRows(null, memberships);
        }
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == personKey, cancellationToken: cancellationToken))
        {
            if (row.RowKey == Person.RowOf(personKey))
            {
                person = EntityConversion.To<Person>(row);
            }
            else if (row.RowKey.StartsWith(Membership.RowPrefix, StringComparison.Ordinal))
            {
                memberships.Add(EntityConversion.To<Membership>(row));
            }
        }
        return new PersonRows(person, memberships);
    }

    public async Task<Person?> FindPersonAsync(string personKey, CancellationToken cancellationToken = default)
    {
        if (!RecordId.IsWellFormed(personKey))
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<Person>(personKey, Person.RowOf(personKey), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>
    /// Adds the person if new and the membership if new; an expired membership starts a new attempt. A membership
    /// that is pending or confirmed is a duplicate: nothing changes and it is returned.
    /// </summary>
    public async Task<SignUp> SignUpAsync(NewMember member, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var key = Person.KeyOf(member.Email);
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rows = await ReadAsync(key, cancellationToken);
            var membership = rows.Of(member.Community.Id);
            if (rows.Person is { } existing && membership is { Status: MembershipStatus.Unconfirmed or MembershipStatus.Confirmed })
            {
                return new SignUp(existing, membership, IsDuplicate: true);
            }
            var actions = new List<TableTransactionAction>();
            var person = rows.Person ?? Person.Create(member, now);
            if (rows.Person is null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, person));
            }
            else if (member.WhatsAppConsentVersion is not null && person.WhatsAppConsentVersion.Length == 0)
            {
                // A member joining another community who asks for WhatsApp now: the wish waits with the person, as a new member's does.
                (person.WhatsAppNumber, person.WhatsAppConsentVersion, person.WhatsAppConsentedAt) = (member.Phone, member.WhatsAppConsentVersion, now);
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(person.PartitionKey, person.RowKey)
                {
                    [nameof(Person.WhatsAppNumber)] = person.WhatsAppNumber,
                    [nameof(Person.WhatsAppConsentVersion)] = person.WhatsAppConsentVersion,
                    [nameof(Person.WhatsAppConsentedAt)] = now,
                }, person.ETag));
            }
            if (membership is null)
            {
                membership = new Membership
                {
                    PartitionKey = key, RowKey = Membership.RowOf(member.Community.Id), CommunityId = member.Community.Id,
                    CommunityName = member.Community.Name, SignedUpAt = now,
                };
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, membership));
            }
            else
            {
                membership.Attempt++;
                membership.Status = MembershipStatus.Unconfirmed;
                membership.SignedUpAt = now;
                membership.ExpiredAt = null;
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, membership, membership.ETag));
            }
            if (await TrySubmitAsync(actions, cancellationToken))
            {
                return new SignUp(person, membership, IsDuplicate: false);
            }
        }
        throw new InvalidOperationException($"Person {key} kept changing during a sign-up.");
    }

    /// <summary>Confirms the membership of this attempt, and the person with it. False when it was not pending in this attempt.</summary>
    public Task<(PersonRows Rows, bool Changed)> ConfirmAsync(string personKey, string communityId, int attempt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeAsync(personKey, rows =>
        {
            if (rows.Person is not { } person || rows.Of(communityId) is not { Status: MembershipStatus.Unconfirmed } membership || membership.Attempt != attempt)
            {
                return null;
            }
            membership.Status = MembershipStatus.Confirmed;
            membership.ConfirmedAt = now;
            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, membership, membership.ETag)];
            if (person.Status == PersonStatus.Unconfirmed)
            {
                person.Status = PersonStatus.Confirmed;
                person.ConfirmedAt = now;
                actions.Add(new(TableTransactionActionType.UpdateReplace, person, person.ETag));
            }
            return actions;
        }, cancellationToken);

    /// <summary>
    /// Expires the membership of this attempt if still pending. A person never confirmed and with nothing else
    /// pending is deleted with it: nothing more is ever sent to an unconfirmed address, so nothing is kept.
    /// </summary>
    public Task<(PersonRows Rows, bool Changed)> ExpireAsync(string personKey, string communityId, int attempt, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        ChangeAsync(personKey, rows =>
        {
            if (rows.Of(communityId) is not { Status: MembershipStatus.Unconfirmed } membership || membership.Attempt != attempt)
            {
                return null;
            }
            membership.Status = MembershipStatus.Expired;
            membership.ExpiredAt = now;
            List<TableTransactionAction> actions = [new(TableTransactionActionType.UpdateReplace, membership, membership.ETag)];
            var othersPending = rows.Memberships.Any(m => m.CommunityId != communityId && m.Status != MembershipStatus.Expired);
            if (rows.Person is { Status: PersonStatus.Unconfirmed } person && !othersPending)
            {
                actions.Add(new(TableTransactionActionType.Delete, person, person.ETag));
            }
            return actions;
        }, cancellationToken);

    /// <summary>Marks the person's consent withdrawn, once: a repeat keeps the first time. Null when there is no such person.</summary>
    public async Task<(Person? Person, bool Changed)> WithdrawAsync(string personKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (rows, changed) = await ChangeAsync(personKey, rows =>
        {
            if (rows.Person is not { } person || person.Status == PersonStatus.Withdrawn)
            {
                return null;
            }
            person.Status = PersonStatus.Withdrawn;
            person.WithdrawnAt = now;
            return [new(TableTransactionActionType.UpdateReplace, person, person.ETag)];
        }, cancellationToken);
        return (rows.Person, changed);
    }

    /// <summary>Records fresh consent to the text of <paramref name="version"/>; false when there is no such person.</summary>
    public async Task<bool> RenewConsentAsync(string personKey, string version, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var (rows, _) = await ChangeAsync(personKey, rows =>
        {
            if (rows.Person is not { Status: PersonStatus.Confirmed } person || person.ConsentVersion == version)
            {
                return null;
            }
            person.ConsentVersion = version;
            person.ConsentedAt = now;
            return [new(TableTransactionActionType.UpdateReplace, person, person.ETag)];
        }, cancellationToken);
        return rows.Person is not null;
    }

    /// <summary>Deletes every row of the person's partition (person, memberships, held mentor places); returns how many.</summary>
    public async Task<int> DeleteAllAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == personKey, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        await KomunitasTables.SubmitInBatchesAsync(Table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        await ChangedAsync(personKey, cancellationToken);
        return rows.Count;
    }

    /// <summary>Every confirmed person, a page at a time (continuation tokens): a job never holds the whole population.</summary>
    public IAsyncEnumerable<Azure.Page<Person>> ConfirmedPagesAsync(int pageSize, CancellationToken cancellationToken = default) =>
        Table.QueryAsync<Person>(TableClient.CreateQueryFilter($"RowKey ge {Person.RowPrefix} and RowKey lt {"person."} and StatusName eq {nameof(PersonStatus.Confirmed)}"),
            maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages();

    /// <summary>Sets which categories the person has switched off; false when the person does not exist.</summary>
    public async Task<bool> SetOptedOutAsync(string personKey, Func<Person, IEnumerable<Preferences.EmailCategory>> optedOut, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await FindPersonAsync(personKey, cancellationToken) is not { } person)
            {
                return false;
            }
            var slugs = string.Join(',', optedOut(person).Distinct().Order().Select(Preferences.EmailCategories.Slug));
            if (slugs == person.OptedOut)
            {
                return true;
            }
            try
            {
                await Table.UpdateEntityAsync(new TableEntity(person.PartitionKey, person.RowKey) { [nameof(Person.OptedOut)] = slugs },
                    person.ETag, TableUpdateMode.Merge, cancellationToken);
                return true;
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
            {
            }
        }
        throw new InvalidOperationException($"Person {personKey} kept changing.");
    }

    /// <summary>Records activity (an RSVP, a check-in): the time only moves forward; a person deleted meanwhile stays deleted.</summary>
    public async Task TouchAsync(string personKey, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            if (await FindPersonAsync(personKey, cancellationToken) is not { } person || person.LastActiveAt >= now)
            {
                return;
            }
            try
            {
                await Table.UpdateEntityAsync(new TableEntity(person.PartitionKey, person.RowKey) { [nameof(Person.LastActiveAt)] = now },
                    person.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.IsPreconditionFailed() || e.IsNotFound())
            {
            }
        }
    }

    async Task<(PersonRows Rows, bool Changed)> ChangeAsync(string personKey, Func<PersonRows, List<TableTransactionAction>?> change, CancellationToken cancellationToken)
    {
        var result = await ChangeOnceAsync(personKey, change, cancellationToken);
        await ChangedAsync(personKey, cancellationToken);
        return result;
    }

    Task ChangedAsync(string personKey, CancellationToken cancellationToken) =>
        changes?.RecordChangedAsync(TableName, personKey, cancellationToken) ?? Task.CompletedTask;

    async Task<(PersonRows Rows, bool Changed)> ChangeOnceAsync(string personKey, Func<PersonRows, List<TableTransactionAction>?> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var rows = await ReadAsync(personKey, cancellationToken);
            var actions = change(rows);
            if (actions is null)
            {
                return (rows, false);
            }
            if (await TrySubmitAsync(actions, cancellationToken))
            {
                return (rows, true);
            }
        }
        throw new InvalidOperationException($"Person {personKey} kept changing; giving up after {Attempts} attempts.");
    }

    /// <summary>False when another writer got there first (an insert conflict or a changed ETag): read again and retry.</summary>
    async Task<bool> TrySubmitAsync(IReadOnlyCollection<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            EntityLimits.Check(action.Entity);
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.IsConflict() || e.IsPreconditionFailed() || e.IsNotFound())
        {
            return false;
        }
    }
}
