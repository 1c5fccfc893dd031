using ServerlessKomunitas.Abuse;

namespace ServerlessKomunitas.Registrations;

/// <summary>
/// Takes a valid registration in: limits, then the dedup claim, then the record, then its workflow.
/// Every step can be repeated, so a crash anywhere is repaired by the next identical submission.
/// </summary>
public sealed class RegistrationIntake(
    Claims claims,
    RegistrationStore store,
    RateLimiter limiter,
    IOptions<RateLimitOptions> limits,
    RegistrationWorkflowStarter workflow,
    TimeProvider time)
{
    public async Task<IntakeOutcome<Registration>> SubmitAsync(NewRegistration input, string? idempotencyKey, string clientHash, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        if (await limiter.PerClientAsync<Registration>(clientHash, limits.Value, "Terlalu banyak pendaftaran dari jaringan Anda. Coba lagi nanti.", cancellationToken) is { } busy)
        {
            return busy;
        }

        var claim = await claims.ClaimAsync("registration", NaturalKeyOf(input), idempotencyKey, RecordId.New(), cancellationToken);

        var existing = claim.IsNew ? null : await store.FindAsync(claim.TargetId, cancellationToken);
        if (existing is not null)
        {
            await workflow.EnsureStartedAsync(client, existing, cancellationToken);
            return new IntakeOutcome<Registration>.Accepted(existing, IsDuplicate: true);
        }

        // A new claim, or a claim whose record a crash never wrote: this submission creates it.
        if (await limiter.ConfirmationEmailsAsync<Registration>(input.Email, RegistrationInput.Fields.Email, limits.Value, cancellationToken) is { } spent)
        {
            return spent;
        }

        var registration = Registration.Create(claim.TargetId, input, time.GetUtcNow());
        if (!await store.TryAddAsync(registration, cancellationToken))
        {
            registration = await store.FindAsync(claim.TargetId, cancellationToken) ?? registration;
        }
        await workflow.StartAsync(client, registration, cancellationToken);
        return new IntakeOutcome<Registration>.Accepted(registration, IsDuplicate: !claim.IsNew);
    }

    /// <summary>The same community registered twice: same address, same name, whatever the spacing or case.</summary>
    public static string NaturalKeyOf(NewRegistration input)
    {
        var name = string.Join(' ', input.Name.Normalize(NormalizationForm.FormKC).ToLowerInvariant()
            .Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return input.Email + "\n" + name;
    }
}
