using System.Runtime.Serialization;

namespace ServerlessKomunitas.WhatsApp;

public enum WhatsAppConsentStatus
{
    /// <summary>Asked for: the opt-in message with its link went to the number, which is not used until the link is followed.</summary>
    Requested,

    /// <summary>The person followed the link the opt-in message carried: the number is theirs, and WhatsApp is on.</summary>
    Confirmed,

    /// <summary>Switched off by the person, or by the withdrawal of their consent.</summary>
    Off,
}

/// <summary>
/// The consent text a person agrees to for WhatsApp, apart from the consent to processing their data (UU PDP asks for a
/// consent per purpose): the version is recorded with the time it was given.
/// </summary>
public static class WhatsAppConsentText
{
    public const string Version = "2026-12";

    public const string Text = "Saya setuju nomor WhatsApp ini dipakai Jaringan Komunitas Kreatif untuk mengirim pemberitahuan yang saya pilih "
        + "(pengingat kegiatan, check-in mentoring, tawaran kursi, permintaan persetujuan). Pesan dikirim lewat Twilio dan WhatsApp. "
        + "Saya bisa berhenti kapan saja dengan membalas BERHENTI atau dari halaman pengaturan.";

    /// <summary>
    /// The WhatsApp box of a sign-up form: its consent is its own (UU PDP: one per purpose), given by ticking the box
    /// with the text's version. The version agreed to, or null when the box was left empty (or the version is unknown).
    /// </summary>
    public static string? FromForm(FieldErrors errors, string versionField, bool? ticked, string? version)
    {
        if (ticked != true)
        {
            return null;
        }
        if (version?.Trim() != Version)
        {
            errors.Add(versionField, "unknown-consent-version", "Versi teks persetujuan WhatsApp tidak dikenal. Muat ulang formulir.");
            return null;
        }
        return Version;
    }

    /// <summary>The box itself, for a sign-up form that has the phone field above it.</summary>
    /// <param name="when">When the opt-in message goes, in the form's words.</param>
    public static string FormBox(FieldErrors errors, string field, string versionField, bool ticked, string when) =>
        FormFields.Consent(errors, field, versionField, "WhatsApp (pilihan)", ticked, Version, $"Kirim juga lewat WhatsApp ke nomor di atas; kami kirim pesan konfirmasi ke sana {when}. {Text}");
}

/// <summary>
/// A person's WhatsApp consent (table <c>WhatsAppConsents</c>, one row in the person's partition): the number, the
/// consent's text version and time, and where the double opt-in stands. Each request is an attempt with its number,
/// which the opt-in link carries, so that only the link of the latest request confirms.
/// </summary>
public sealed class WhatsAppConsent() : RecordRow<WhatsAppConsentStatus>(Row)
{
    public const string Row = "consent";

    [IgnoreDataMember]
    public string PersonKey => PartitionKey;

    public string Number { get; set; } = "";
    public string ConsentVersion { get; set; } = "";
    public DateTimeOffset ConsentedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? OffAt { get; set; }

    public int Attempt { get; set; }

    /// <summary>The person's channel per kind, where it is not both (<see cref="WhatsAppKinds.Format"/>).</summary>
    public string Channels { get; set; } = "";

    /// <summary>The UTC day (days since 1970) of the latest request, and how many requests that day: opt-in messages are capped per day.</summary>
    public int RequestDay { get; set; }
    public int RequestsThatDay { get; set; }
}

public sealed class WhatsAppConsents(KomunitasTables tables, TimeProvider time)
{
    /// <summary>The table this class keeps; declared with the feature, created at start.</summary>
    public const string TableName = "WhatsAppConsents";

    /// <summary>Opt-in messages a person can ask for in one day: each goes to a number they typed, so each costs.</summary>
    public const int RequestsPerDay = 3;

    TableClient Table => tables.Client(TableName);

    public async Task<WhatsAppConsent?> FindAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var found = await Table.GetEntityIfExistsAsync<WhatsAppConsent>(TableKey.Checked(personKey), WhatsAppConsent.Row, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>The number to send to: the person's, once confirmed and not switched off; null otherwise.</summary>
    public async Task<string?> ConfirmedNumberAsync(string personKey, CancellationToken cancellationToken = default) =>
        await FindAsync(personKey, cancellationToken) is { Status: WhatsAppConsentStatus.Confirmed } consent ? consent.Number : null;

    /// <summary>
    /// Records a new request (a new attempt) for <paramref name="number"/> with the consent given now; null when the
    /// person asked <see cref="RequestsPerDay"/> times today already. A lost race is tried again on the fresh row.
    /// </summary>
    /// <param name="consentedAt">When the consent was given, if before now (on a sign-up form).</param>
    public async Task<WhatsAppConsent?> RequestAsync(string personKey, string number, string consentVersion, DateTimeOffset? consentedAt = null,
        CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            var day = (int)(now.ToUnixTimeSeconds() / 86400);
            var row = await FindAsync(personKey, cancellationToken);
            var sameDay = row is not null && row.RequestDay == day;
            if (sameDay && row!.RequestsThatDay >= RequestsPerDay)
            {
                return null;
            }
            var next = new WhatsAppConsent
            {
                PartitionKey = TableKey.Checked(personKey),
                Number = number,
                ConsentVersion = consentVersion,
                ConsentedAt = consentedAt ?? now,
                Status = WhatsAppConsentStatus.Requested,
                Attempt = (row?.Attempt ?? 0) + 1,
                Channels = row?.Channels ?? "",
                RequestDay = day,
                RequestsThatDay = sameDay ? row!.RequestsThatDay + 1 : 1,
            };
            try
            {
                if (row is null)
                {
                    await Table.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await Table.UpdateEntityAsync(next, row.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                return next;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another request of the same person won: count this one on top of it.
            }
        }
    }

    /// <summary>Confirms the request numbered <paramref name="attempt"/>: the row after, or null when a later request replaced it.</summary>
    public async Task<WhatsAppConsent?> ConfirmAsync(string personKey, int attempt, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(personKey, cancellationToken);
        if (row is null || row.Attempt != attempt || row.Status == WhatsAppConsentStatus.Off)
        {
            return null;
        }
        if (row.Status == WhatsAppConsentStatus.Requested)
        {
            row.Status = WhatsAppConsentStatus.Confirmed;
            row.ConfirmedAt = time.GetUtcNow();
            try
            {
                // A confirmation changes only what its own request asked: a newer request (another ETag) wins.
                await Table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 412)
            {
                return await ConfirmAsync(personKey, attempt, cancellationToken);
            }
        }
        return row;
    }

    /// <summary>Switches WhatsApp off at once (the person, or the withdrawal of their consent); the row stays as the record of the consent.</summary>
    public async Task<WhatsAppConsent?> TurnOffAsync(string personKey, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(personKey, cancellationToken);
        if (row is null || row.Status == WhatsAppConsentStatus.Off)
        {
            return row;
        }
        row.Status = WhatsAppConsentStatus.Off;
        row.OffAt = time.GetUtcNow();
        await Table.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, cancellationToken);
        return row;
    }

    /// <summary>Stores the person's channel per kind; null when they have no WhatsApp consent to attach it to.</summary>
    public async Task<WhatsAppConsent?> ChooseAsync(string personKey, IReadOnlyDictionary<WhatsAppKind, Channel> choices, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(personKey, cancellationToken);
        if (row is null)
        {
            return null;
        }
        row.Channels = WhatsAppKinds.Format(choices);
        await Table.UpdateEntityAsync(new TableEntity(row.PartitionKey, row.RowKey) { [nameof(WhatsAppConsent.Channels)] = row.Channels }, ETag.All,
            TableUpdateMode.Merge, cancellationToken);
        return row;
    }

    public Task ForgetAsync(string personKey, CancellationToken cancellationToken = default) =>
        Table.DeleteIfExistsAsync(TableKey.Checked(personKey), WhatsAppConsent.Row, cancellationToken);
}
