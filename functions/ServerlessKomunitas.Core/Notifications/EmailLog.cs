using ServerlessKomunitas.Telemetry;

namespace ServerlessKomunitas.Notifications;

/// <summary>The ledger's log lines, one per outcome of an email; the failure alert counts EmailSendFailed.</summary>
static partial class EmailLog
{
    public static void Sent(ILogger log, LedgerKey key, string? messageId) => Sent(log, key.Step, key.Round, key.RecipientId, key.InstanceId, messageId);

    public static void AlreadySent(ILogger log, LedgerKey key) => HeldBack(log, key, "already sent");

    public static void HeldBack(ILogger log, LedgerKey key, string why) => HeldBack(log, key.Step, key.Round, key.RecipientId, key.InstanceId, why);

    public static void SendFailed(ILogger log, Exception e, LedgerKey key) => SendFailed(log, e, key.Step, key.Round, key.RecipientId, key.InstanceId);

    [LoggerMessage(EventId = AppEvents.EmailSentId, EventName = nameof(AppEvents.EmailSent), Level = LogLevel.Information,
        Message = "Email {Step} round {Round} to {RecipientId} for {InstanceId} sent as {MessageId}")]
    static partial void Sent(ILogger log, string step, int round, string recipientId, string instanceId, string? messageId);

    [LoggerMessage(EventId = AppEvents.EmailSkippedId, EventName = nameof(AppEvents.EmailSkipped), Level = LogLevel.Information,
        Message = "Email {Step} round {Round} to {RecipientId} for {InstanceId} not sent: {Why}")]
    static partial void HeldBack(ILogger log, string step, int round, string recipientId, string instanceId, string why);

    [LoggerMessage(EventId = AppEvents.EmailSendFailedId, EventName = nameof(AppEvents.EmailSendFailed), Level = LogLevel.Error,
        Message = "Email {Step} round {Round} to {RecipientId} for {InstanceId} failed; it stays reserved and is retried")]
    static partial void SendFailed(ILogger log, Exception e, string step, int round, string recipientId, string instanceId);
}
