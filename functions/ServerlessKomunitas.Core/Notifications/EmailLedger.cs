using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Notifications;

/// <summary>
/// Names one email of a workflow: its instance, its step, its round and its recipient (an id such as
/// "contact" or a coordinator id, never an address). The orchestrator passes it in, so every retry of an
/// activity names the same email.
/// </summary>
public sealed record LedgerKey(string InstanceId, string Step, int Round, string RecipientId)
{
    public string PartitionKey => TableKey.Checked(InstanceId);

    public string RowKey => TableKey.Checked($"{Step}-{Round}-{RecipientId}");
}

public enum LedgerOutcome
{
    Sent,
    AlreadySent,
    Suppressed,

    /// <summary>Not sent: the address had its day's share of email (category mail stops first).</summary>
    Capped,
}

/// <summary>
/// Never lose an email, and send it twice only in one gap. A row is reserved, the email is sent, then the
/// row is marked sent. A retry skips a row marked sent and sends again only from a reserved row, which is
/// left behind only by a crash between SendGrid's 202 and the mark. SendGrid has no idempotency key, so
/// that gap cannot be closed from here.
/// </summary>
public sealed class EmailLedger(KomunitasTables tables, IEmailSender sender, Suppressions suppressions, Abuse.RateLimiter limiter,
    Microsoft.Extensions.Options.IOptions<Abuse.RateLimitOptions> limits, PersonalFooter footer, TimeProvider time, ILogger<EmailLedger> log)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "EmailLedger";

    TableClient Table => tables.Client(TableName);

    public const string Reserved = "Reserved";
    public const string Sent = "Sent";
    public const string Suppressed = "Suppressed";
    public const string Capped = "Capped";

    public async Task<LedgerOutcome> SendOnceAsync(LedgerKey key, EmailMessage message, CancellationToken cancellationToken = default)
    {
        using var span = KomunitasTelemetry.Source.StartActivity("email.send");
        span?.SetTag("komunitas.instance_id", key.InstanceId);
        span?.SetTag("komunitas.email.step", key.Step);
        span?.SetTag("komunitas.email.round", key.Round);
        // The subject and the address's hash, never the body: the person's export lists what was sent, and an erasure finds the rows.
        var row = new TableEntity(key.PartitionKey, key.RowKey)
        {
            ["State"] = Reserved, ["ReservedAt"] = time.GetUtcNow(), ["Step"] = key.Step, ["Subject"] = message.Subject,
            ["AddressKey"] = string.IsNullOrWhiteSpace(message.ToEmail) ? null : Suppressions.KeyOf(message.ToEmail),
        };
        try
        {
            await Table.AddEntityAsync(row, cancellationToken);
        }
        catch (RequestFailedException e) when (e.IsConflict())
        {
            var existing = await Table.GetEntityAsync<TableEntity>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken);
            if (existing.Value.GetString("State") == Sent)
            {
                EmailLog.AlreadySent(log, key);
                span?.SetTag("komunitas.email.outcome", "already-sent");
                return LedgerOutcome.AlreadySent;
            }
        }

        if (string.IsNullOrWhiteSpace(message.ToEmail) || (!message.IgnoresSuppression && await suppressions.IsSuppressedAsync(message.ToEmail, cancellationToken)))
        {
            // Not sent while the address bounces (a retry after the suppression is lifted sends it), nor to a contact whose data was erased.
            return await HoldBackAsync(row, key, LedgerOutcome.Suppressed, "the address is suppressed", span, cancellationToken);
        }
        if (!message.IgnoresSuppression && !message.AsksCoordinatorToDecide && !await WithinDailyCapAsync(message, cancellationToken))
        {
            return await HoldBackAsync(row, key, LedgerOutcome.Capped, "the address had its day's emails", span, cancellationToken);
        }

        string? messageId;
        try
        {
            messageId = await sender.SendAsync(await footer.AddAsync(message, key.RecipientId, cancellationToken), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            EmailLog.SendFailed(log, e, key);
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, e.Message);
            throw;
        }

        row["State"] = Sent;
        row["SentAt"] = time.GetUtcNow();
        row["MessageId"] = messageId;
        await Table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
        EmailLog.Sent(log, key, messageId);
        span?.SetTag("komunitas.email.outcome", "sent");
        return LedgerOutcome.Sent;
    }

    /// <summary>Records why the email was not sent, in its row, so that the step counts as done and the reason can be read.</summary>
    async Task<LedgerOutcome> HoldBackAsync(TableEntity row, LedgerKey key, LedgerOutcome outcome, string why, System.Diagnostics.Activity? span, CancellationToken cancellationToken)
    {
        row["State"] = outcome.ToString();
        await Table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
        EmailLog.HeldBack(log, key, why);
        span?.SetTag("komunitas.email.outcome", outcome.ToString().ToLowerInvariant());
        return outcome;
    }

    /// <summary>
    /// One counter per address and day for every kind of email. A category email (one that carries List-Unsubscribe)
    /// may only use the first <see cref="Abuse.RateLimitOptions.CategoryEmailsPerAddressPerDay"/>; transactional mail
    /// goes on up to <see cref="Abuse.RateLimitOptions.EmailsPerAddressPerDay"/>, so it always has room left.
    /// </summary>
    async Task<bool> WithinDailyCapAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var category = message.Headers?.ContainsKey("List-Unsubscribe") == true;
        var limit = category ? limits.Value.CategoryEmailsPerAddressPerDay : limits.Value.EmailsPerAddressPerDay;
        return (await limiter.TryConsumeAsync("mail", Suppressions.KeyOf(message.ToEmail), TimeSpan.FromDays(1), limit, usuallyFirst: true, cancellationToken: cancellationToken)).Allowed;
    }

    /// <summary>Every email sent (or held back) to the address: subject, step and times, for the person's export.</summary>
    public async Task<IReadOnlyList<TableEntity>> ToAddressAsync(string email, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"AddressKey eq {Suppressions.KeyOf(email)}"), cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Deletes every row of emails to the address (an erasure), except <paramref name="keep"/>, whose link to the address is cut instead.</summary>
    public async Task<int> ForgetAddressAsync(string email, LedgerKey? keep, CancellationToken cancellationToken = default)
    {
        var rows = await ToAddressAsync(email, cancellationToken);
        foreach (var row in rows)
        {
            if (keep is not null && row.PartitionKey == keep.PartitionKey && row.RowKey == keep.RowKey)
            {
                row.Remove("AddressKey");
                await Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await Table.DeleteIfExistsAsync(row.PartitionKey, row.RowKey, cancellationToken);
            }
        }
        return rows.Count;
    }

    /// <summary>
    /// Moves the rows of an instance to a new id (a mentorship relocated when its mentee is erased), so that everyone
    /// else keeps the record of what they were sent; the erased person's own rows go by <see cref="ForgetAddressAsync"/>.
    /// The erased person's name leaves the subjects that named them (a mentor's "Maukah Anda membimbing …?").
    /// </summary>
    public Task<int> MoveInstanceAsync(string instanceId, string newInstanceId, string erasedName, string replacement, CancellationToken cancellationToken = default) =>
        KomunitasTables.MovePartitionAsync(Table, instanceId, newInstanceId, row =>
        {
            if (erasedName.Length > 0 && row.GetString("Subject") is { } subject)
            {
                row["Subject"] = subject.Replace(erasedName, replacement, StringComparison.Ordinal);
            }
            return row;
        }, cancellationToken);

    /// <summary>Deletes every row of a workflow instance whose history is purged; returns how many.</summary>
    public async Task<int> ForgetInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == instanceId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add(row);
        }
        await KomunitasTables.SubmitInBatchesAsync(Table, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, r, ETag.All)), cancellationToken);
        return rows.Count;
    }

    public async Task<string?> StateOfAsync(LedgerKey key, CancellationToken cancellationToken = default)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(key.PartitionKey, key.RowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("State") : null;
    }
}
