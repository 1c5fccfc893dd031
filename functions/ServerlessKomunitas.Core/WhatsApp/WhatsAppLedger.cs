using System.Security.Cryptography;

namespace ServerlessKomunitas.WhatsApp;

public enum WhatsAppOutcome
{
    Sent,
    AlreadySent,

    /// <summary>Twilio refused the request (its error code is kept); nothing went.</summary>
    Refused,
}

/// <summary>One WhatsApp message as the ledger keeps it: its kind and times, never its text.</summary>
public sealed record WhatsAppRecord(string Key, string Kind, string? MessageSid, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StatusAt, int? ErrorCode);

/// <summary>
/// One row per WhatsApp message (table <c>WhatsAppMessages</c>), in the recipient's partition (their person key), so that
/// a message is claimed before it goes and sent at most once, and a person's messages are found for the export and the
/// erasure. A second partition per Twilio message ("sid-{MessageSid}") leads a status callback to the row, and holds one
/// row per status applied, so that each (MessageSid, status) pair is applied once. The text is never stored: the
/// row keeps the template's name, the times, the status and the number's hash.
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
    public async Task<(TableEntity Row, bool Claimed)> ClaimAsync(string personKey, string key, string kind, string number, CancellationToken cancellationToken)
    {
        var row = new TableEntity(TableKey.Checked(personKey), MessageRow(key))
        {
            ["Kind"] = kind,
            ["AddressKey"] = AddressKeyOf(number),
            ["Status"] = "sending",
            ["CreatedAt"] = time.GetUtcNow(),
        };
        if (await Table.AddIfAbsentAsync(row, cancellationToken))
        {
            return (row, true);
        }
        return ((await Table.GetEntityAsync<TableEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken)).Value, false);
    }

    /// <summary>Twilio took the message: the row gets its SID and status, and the SID leads back to the row.</summary>
    public async Task AcceptedAsync(TableEntity row, string sid, string status, CancellationToken cancellationToken)
    {
        row["MessageSid"] = sid;
        row["Status"] = status;
        row["StatusAt"] = time.GetUtcNow();
        await Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken);
        await Table.UpsertEntityAsync(new TableEntity(SidPartition(sid), "message") { ["PersonKey"] = row.PartitionKey, ["MessageRow"] = row.RowKey },
            TableUpdateMode.Replace, cancellationToken);
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
    /// Applies a status Twilio reported for a message, once per (MessageSid, status): false for a replay or a message this
    /// ledger never sent. The status is written before the pair is recorded, so a crash in between applies it again,
    /// which changes nothing.
    /// </summary>
    public async Task<bool> ApplyStatusAsync(string sid, string status, int? errorCode, CancellationToken cancellationToken)
    {
        var lookup = await Table.GetEntityIfExistsAsync<TableEntity>(SidPartition(sid), "message", cancellationToken: cancellationToken);
        if (!lookup.HasValue)
        {
            return false;
        }
        var applied = TableKey.Checked("status-" + status);
        if ((await Table.GetEntityIfExistsAsync<TableEntity>(SidPartition(sid), applied, cancellationToken: cancellationToken)).HasValue)
        {
            return false;
        }
        var found = await Table.GetEntityIfExistsAsync<TableEntity>(lookup.Value!.GetString("PersonKey"), lookup.Value.GetString("MessageRow"), cancellationToken: cancellationToken);
        if (found.HasValue)
        {
            var row = found.Value!;
            row["Status"] = status;
            row["StatusAt"] = time.GetUtcNow();
            row["ErrorCode"] = errorCode;
            await Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        return await Table.AddIfAbsentAsync(new TableEntity(SidPartition(sid), applied), cancellationToken);
    }

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

    /// <summary>Deletes the person's rows and the SID rows that lead to them; returns how many messages.</summary>
    public async Task<int> ForgetPersonAsync(string personKey, IEnumerable<string> sids, CancellationToken cancellationToken)
    {
        foreach (var sid in sids)
        {
            await KomunitasTables.DeleteWhereAsync(Table, TableClient.CreateQueryFilter($"PartitionKey eq {SidPartition(sid)}"), _ => true, cancellationToken);
        }
        return await KomunitasTables.DeleteWhereAsync(Table, TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Checked(personKey)}"), _ => true, cancellationToken);
    }
}
