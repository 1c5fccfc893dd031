using System.Security.Cryptography;

namespace ServerlessKomunitas.WhatsApp;

public enum WhatsAppOutcome
{
    Sent,
    AlreadySent,

    /// <summary>Twilio refused the request (its error code is kept); nothing went.</summary>
    Refused,

    /// <summary>The number replied STOP (or BERHENTI): nothing went, and the ledger says so for the caller's fallback.</summary>
    Stopped,

    /// <summary>Free text outside the 24-hour window the person's own message opens: never attempted.</summary>
    OutsideWindow,
}

/// <summary>A message that ended failed or undelivered, with what to email instead ("kind:reference").</summary>
public sealed record FailedMessage(string PersonKey, string MessageRow, string Fallback);

/// <summary>What the ledger knows of one number: whom it last reached, whether it said STOP, and when it last wrote to us.</summary>
public sealed record WhatsAppNumber(string AddressKey, string? PersonKey, bool Stopped, DateTimeOffset? LastInboundAt);

/// <summary>One WhatsApp message as the ledger keeps it: its kind and times, never its text.</summary>
public sealed record WhatsAppRecord(string Key, string Kind, string? MessageSid, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StatusAt,
    int? ErrorCode);

/// <summary>
/// One row per WhatsApp message (table <c>WhatsAppMessages</c>), in the recipient's partition (their person key), so that
/// a message is claimed before it goes and sent at most once, and a person's messages are found for the export and the
/// erasure. A second partition per Twilio message ("sid-{MessageSid}") leads a status callback to the row, and holds one
/// row per status applied, so that each (MessageSid, status) pair is applied once (and each inbound message). A third
/// per number ("n-{hash}") says whom it last reached, whether it said STOP, and when it last wrote (the 24-hour window),
/// with one row per free-text reply sent. The text is never stored: rows keep the template's name, times, statuses and
/// the number's hash.
/// </summary>
public sealed class WhatsAppLedger(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "WhatsAppMessages";

    TableClient Table => tables.Client(TableName);

    static string MessageRow(string key) => "wa-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..40];

    static string SidPartition(string sid) => TableKey.Checked("sid-" + sid);

    public static string AddressKeyOf(string number) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("whatsapp:" + number)))[..32];

    /// <summary>Claims the message named <paramref name="key"/>; the row as it stands when someone claimed it first.</summary>
    /// <param name="fallback">What to email instead if the message ends failed or undelivered ("kind:reference", see <see cref="WhatsAppFallbacks"/>).</param>
    public async Task<(TableEntity Row, bool Claimed)> ClaimAsync(string personKey, string key, string kind, string number, string? fallback,
        CancellationToken cancellationToken)
    {
        var row = new TableEntity(TableKey.Checked(personKey), MessageRow(key))
        {
            ["Kind"] = kind,
            ["AddressKey"] = AddressKeyOf(number),
            ["Status"] = "sending",
            ["CreatedAt"] = time.GetUtcNow(),
            ["Fallback"] = fallback,
        };
        if (await Table.AddIfAbsentAsync(row, cancellationToken))
        {
            return (row, true);
        }
        return ((await Table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value, false);
    }

    static string NumberPartition(string addressKey) => TableKey.Checked("n-" + addressKey);

    public async Task<WhatsAppNumber> NumberAsync(string addressKey, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(NumberPartition(addressKey), "number", cancellationToken: cancellationToken);
        return found.HasValue
            ? new WhatsAppNumber(addressKey, found.Value!.GetString("PersonKey"), found.Value.GetBoolean("Stopped") == true,
                found.Value.GetDateTimeOffset("LastInboundAt"))
            : new WhatsAppNumber(addressKey, null, false, null);
    }

    /// <summary>Changes the number's row (created when missing) by merging these values.</summary>
    public Task UpdateNumberAsync(string addressKey, IReadOnlyDictionary<string, object?> values, CancellationToken cancellationToken)
    {
        var row = new TableEntity(NumberPartition(addressKey), "number");
        foreach (var (name, value) in values)
        {
            row[name] = value;
        }
        return Table.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Claims a free-text reply (one per inbound message) in the number's partition; false when it was claimed before.</summary>
    public Task<bool> ClaimReplyAsync(string addressKey, string inboundSid, CancellationToken cancellationToken) =>
        Table.AddIfAbsentAsync(new TableEntity(NumberPartition(addressKey), TableKey.Checked("reply-" + inboundSid)) { ["At"] = time.GetUtcNow() },
            cancellationToken);

    /// <summary>Records an inbound message by its SID: true the first time only, so that a replayed webhook changes nothing.</summary>
    public Task<bool> ClaimInboundAsync(string sid, CancellationToken cancellationToken) =>
        Table.AddIfAbsentAsync(new TableEntity(SidPartition(sid), "inbound") { ["At"] = time.GetUtcNow() }, cancellationToken);

    /// <summary>
    /// Twilio took the message: the row gets its SID and status, and the SID leads back to the row. Twilio may call back
    /// before this is written (its callbacks start as soon as it answers), so statuses that came first are applied now.
    /// </summary>
    /// <returns>The message, when a status that came first ended it failed and it names an email to send instead.</returns>
    public async Task<FailedMessage?> AcceptedAsync(TableEntity row, string sid, string status, CancellationToken cancellationToken)
    {
        row["MessageSid"] = sid;
        row["Status"] = status;
        row["StatusAt"] = time.GetUtcNow();
        await Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken);
        await Table.UpsertEntityAsync(new TableEntity(SidPartition(sid), "message") { ["PersonKey"] = row.PartitionKey, ["MessageRow"] = row.RowKey },
            TableUpdateMode.Replace, cancellationToken);
        var early = new List<TableEntity>();
        await foreach (var reported in Table.QueryAsync<TableEntity>(e => e.PartitionKey == SidPartition(sid), cancellationToken: cancellationToken))
        {
            if (reported.RowKey.StartsWith("status-", StringComparison.Ordinal) && reported.GetBoolean("Applied") != true)
            {
                early.Add(reported);
            }
        }
        FailedMessage? failed = null;
        foreach (var reported in early.OrderBy(r => Rank(r.RowKey["status-".Length..])))
        {
            failed = await ApplyAsync(row.PartitionKey, row.RowKey, reported, cancellationToken) ?? failed;
        }
        return failed;
    }

    /// <summary>How far along a status is: a callback that arrives late (sent after delivered) does not move the message back.</summary>
    static int Rank(string status) => status switch
    {
        "sending" => 1,
        "sent" => 2,
        "delivered" => 3,
        "read" => 4,
        "failed" or "undelivered" or "canceled" => 5,
        _ => 0,
    };

    /// <summary>The number said STOP: the message is kept as not sent, for the caller to send another way.</summary>
    public Task StoppedAsync(TableEntity row, CancellationToken cancellationToken)
    {
        row["Status"] = "stopped";
        row["StatusAt"] = time.GetUtcNow();
        return Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Twilio refused the message: kept with Twilio's code, so that a retry does not send it either.</summary>
    public Task RefusedAsync(TableEntity row, int code, CancellationToken cancellationToken)
    {
        row["Status"] = "refused";
        row["ErrorCode"] = code;
        row["StatusAt"] = time.GetUtcNow();
        return Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>
    /// Records a status Twilio reported for a message, once per (MessageSid, status): false for a replay. It is applied
    /// to the message's row now, or, when the SID is not recorded yet (the callback overtook the send's own write), by
    /// <see cref="AcceptedAsync"/>. The pair's row is marked applied after the message's row changed, so a crash in
    /// between applies it again, which changes nothing.
    /// </summary>
    public async Task<(bool Recorded, FailedMessage? Failed)> ApplyStatusAsync(string sid, string status, int? errorCode, CancellationToken cancellationToken)
    {
        var reported = new TableEntity(SidPartition(sid), TableKey.Checked("status-" + status)) { ["ErrorCode"] = errorCode, ["At"] = time.GetUtcNow() };
        if (!await Table.AddIfAbsentAsync(reported, cancellationToken))
        {
            reported = (await Table.GetEntityAsync<TableEntity>(reported.PartitionKey, reported.RowKey, cancellationToken: cancellationToken)).Value;
            if (reported.GetBoolean("Applied") == true)
            {
                return (false, await FailedWithoutFallbackAsync(sid, cancellationToken));
            }
        }
        var lookup = await Table.GetEntityIfExistsAsync<TableEntity>(SidPartition(sid), "message", cancellationToken: cancellationToken);
        return lookup.HasValue
            ? (true, await ApplyAsync(lookup.Value!.GetString("PersonKey"), lookup.Value.GetString("MessageRow"), reported, cancellationToken))
            : (true, null);
    }

    /// <summary>Applies one reported status to the message's row; the message when it ended failed and names an email to send instead.</summary>
    async Task<FailedMessage?> ApplyAsync(string personKey, string messageRow, TableEntity reported, CancellationToken cancellationToken)
    {
        var status = reported.RowKey["status-".Length..];
        FailedMessage? failed = null;
        while (true)
        {
            var found = await Table.GetEntityIfExistsAsync<TableEntity>(personKey, messageRow, cancellationToken: cancellationToken);
            if (!found.HasValue || Rank(status) < Rank(found.Value!.GetString("Status") ?? ""))
            {
                break;
            }
            if (status is "failed" or "undelivered" && found.Value.GetString("Fallback") is { Length: > 0 } fallback && found.Value.GetDateTimeOffset("FellBackAt") is null)
            {
                failed = new FailedMessage(personKey, messageRow, fallback);
            }
            var row = found.Value!;
            row["Status"] = status;
            row["StatusAt"] = reported.GetDateTimeOffset("At");
            row["ErrorCode"] = reported.GetInt32("ErrorCode");
            try
            {
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Merge, cancellationToken);
                break;
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                // Another status of the same message landed first (Twilio's callbacks overlap): compare with it.
            }
        }
        reported["Applied"] = true;
        await Table.UpdateEntityAsync(reported, ETag.All, TableUpdateMode.Merge, cancellationToken);
        return failed;
    }

    /// <summary>The message behind <paramref name="sid"/>, when it ended failed and the email it names has not gone yet.</summary>
    async Task<FailedMessage?> FailedWithoutFallbackAsync(string sid, CancellationToken cancellationToken)
    {
        var lookup = await Table.GetEntityIfExistsAsync<TableEntity>(SidPartition(sid), "message", cancellationToken: cancellationToken);
        if (!lookup.HasValue)
        {
            return null;
        }
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(lookup.Value!.GetString("PersonKey"), lookup.Value.GetString("MessageRow"),
            cancellationToken: cancellationToken);
        return found.HasValue && found.Value!.GetString("Status") is "failed" or "undelivered" && found.Value.GetString("Fallback") is { Length: > 0 } fallback
            && found.Value.GetDateTimeOffset("FellBackAt") is null
            ? new FailedMessage(found.Value.PartitionKey, found.Value.RowKey, fallback)
            : null;
    }

    /// <summary>How long a claim on a fallback holds before another caller may send it (a claimer that stopped before sending).</summary>
    public static readonly TimeSpan FallbackLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Claims sending the email a failed message names, so that two callers at once (the send's own write and the
    /// webhook, or a callback and its replay) do not both send it: false when it went already, or another caller
    /// claimed it within <see cref="FallbackLease"/>.
    /// </summary>
    public async Task<bool> ClaimFallbackAsync(FailedMessage failed, CancellationToken cancellationToken)
    {
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(failed.PersonKey, failed.MessageRow, cancellationToken: cancellationToken);
        var now = time.GetUtcNow();
        if (!found.HasValue || found.Value!.GetDateTimeOffset("FellBackAt") is not null
            || found.Value.GetDateTimeOffset("FallbackClaimedAt") is { } claimed && now - claimed < FallbackLease)
        {
            return false;
        }
        try
        {
            await Table.UpdateEntityAsync(new TableEntity(failed.PersonKey, failed.MessageRow) { ["FallbackClaimedAt"] = now }, found.Value.ETag,
                TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>The email a failed message names was sent: a later status or replay does not send it again.</summary>
    public Task FellBackAsync(FailedMessage failed, CancellationToken cancellationToken) =>
        Table.UpdateEntityAsync(new TableEntity(failed.PersonKey, failed.MessageRow) { ["FellBackAt"] = time.GetUtcNow() }, ETag.All, TableUpdateMode.Merge,
            cancellationToken);

    public async Task<IReadOnlyList<WhatsAppRecord>> OfPersonAsync(string personKey, CancellationToken cancellationToken)
    {
        var records = new List<WhatsAppRecord>();
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == personKey, cancellationToken: cancellationToken))
        {
            records.Add(new WhatsAppRecord(row.RowKey, row.GetString("Kind") ?? "", row.GetString("MessageSid"), row.GetString("Status") ?? "",
                row.GetDateTimeOffset("CreatedAt") ?? default, row.GetDateTimeOffset("StatusAt"), row.GetInt32("ErrorCode")));
        }
        return records;
    }

    /// <summary>
    /// Deletes the person's rows, the SID rows that lead to them, and the rows of the numbers they were reached at whose
    /// last recipient they are; returns how many messages.
    /// </summary>
    public async Task<int> ForgetPersonAsync(string personKey, IEnumerable<string> sids, CancellationToken cancellationToken)
    {
        var numbers = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(e => e.PartitionKey == personKey, select: ["AddressKey"], cancellationToken: cancellationToken))
        {
            numbers.Add(row.GetString("AddressKey") ?? "");
        }
        foreach (var number in numbers.Where(n => n.Length > 0))
        {
            if ((await NumberAsync(number, cancellationToken)).PersonKey == personKey)
            {
                await DeletePartitionAsync(NumberPartition(number), cancellationToken);
            }
        }
        foreach (var sid in sids)
        {
            await DeletePartitionAsync(SidPartition(sid), cancellationToken);
        }
        return await DeletePartitionAsync(TableKey.Checked(personKey), cancellationToken);
    }

    Task<int> DeletePartitionAsync(string partition, CancellationToken cancellationToken) =>
        KomunitasTables.DeleteWhereAsync(Table, TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), _ => true, cancellationToken);
}
