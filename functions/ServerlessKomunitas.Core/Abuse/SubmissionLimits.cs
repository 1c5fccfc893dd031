namespace ServerlessKomunitas.Abuse;

/// <summary>The limits a submission meets before anything is written: per client (network), and per address a confirmation email goes to.</summary>
public static class SubmissionLimits
{
    /// <summary>Null while the client may submit again this hour; otherwise the refusal, naming the client.</summary>
    public static async Task<IntakeOutcome<T>.RateLimited?> PerClientAsync<T>(this RateLimiter limiter, string clientHash, RateLimitOptions limits, string message,
        CancellationToken cancellationToken)
    {
        var perClient = await limiter.TryConsumeAsync("submit", clientHash, TimeSpan.FromHours(1), limits.SubmissionsPerClientPerHour, cancellationToken: cancellationToken);
        return perClient.Allowed ? null : new IntakeOutcome<T>.RateLimited("client", message, perClient.RetryAfter);
    }

    /// <summary>Null while the address may get another confirmation email today; otherwise the refusal, naming <paramref name="field"/>.</summary>
    public static async Task<IntakeOutcome<T>.RateLimited?> ConfirmationEmailsAsync<T>(this RateLimiter limiter, string email, string field, RateLimitOptions limits,
        CancellationToken cancellationToken)
    {
        var perAddress = await limiter.TryConsumeAsync("confirm-email", EmailAddress.Hash(email), TimeSpan.FromDays(1), limits.ConfirmationEmailsPerAddressPerDay,
            usuallyFirst: true, cancellationToken);
        return perAddress.Allowed ? null
            : new IntakeOutcome<T>.RateLimited(field, "Alamat email ini sudah menerima batas email konfirmasi hari ini. Coba lagi besok.", perAddress.RetryAfter);
    }
}
