using ServerlessKomunitas.Abuse;

namespace ServerlessKomunitas.Members;

public abstract record MemberIntakeOutcome
{
    public sealed record Accepted(SignUp SignUp) : MemberIntakeOutcome;

    public sealed record RateLimited(string Field, string Message, TimeSpan RetryAfter) : MemberIntakeOutcome;
}

/// <summary>
/// Takes a valid sign-up in: limits, then the person and membership rows in one batch, then the double opt-in
/// workflow. A repeated sign-up finds the membership and starts nothing, except a workflow a crash never started.
/// </summary>
public sealed class MemberIntake(PersonStore persons, RateLimiter limiter, IOptions<RateLimitOptions> limits, IOptions<MemberOptions> options, TimeProvider time)
{
    public async Task<MemberIntakeOutcome> SubmitAsync(NewMember member, string clientHash, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        var perClient = await limiter.TryConsumeAsync("submit", clientHash, TimeSpan.FromHours(1), limits.Value.SubmissionsPerClientPerHour, cancellationToken: cancellationToken);
        if (!perClient.Allowed)
        {
            return new MemberIntakeOutcome.RateLimited("client", "Terlalu banyak pendaftaran dari jaringan Anda. Coba lagi nanti.", perClient.RetryAfter);
        }
        var existing = await persons.ReadAsync(Person.KeyOf(member.Email), cancellationToken);
        if (existing.Person is null || existing.Of(member.Community.Id) is null or { Status: MembershipStatus.Expired })
        {
            // A new sign-up sends a confirmation email: an address gets only so many a day.
            var perAddress = await limiter.TryConsumeAsync("confirm-email", EmailAddress.Hash(member.Email), TimeSpan.FromDays(1),
                limits.Value.ConfirmationEmailsPerAddressPerDay, usuallyFirst: true, cancellationToken);
            if (!perAddress.Allowed)
            {
                return new MemberIntakeOutcome.RateLimited(MemberInput.Fields.Email,
                    "Alamat email ini sudah menerima batas email konfirmasi hari ini. Coba lagi besok.", perAddress.RetryAfter);
            }
        }
        var signUp = await persons.SignUpAsync(member, time.GetUtcNow(), cancellationToken);
        var m = signUp.Membership;
        // A duplicate starts nothing, unless a crash left its attempt without a workflow.
        if (m.Status == MembershipStatus.Unconfirmed && (!signUp.IsDuplicate || !await WorkflowStarts.ExistsAsync(client, m.InstanceId, cancellationToken)))
        {
            await WorkflowStarts.StartOnceAsync(client, nameof(MemberSignUpOrchestrator),
                new MemberSignUpInput(m.PersonKey, m.CommunityId, m.Attempt, options.Value.ConfirmationWindow), m.InstanceId, cancellationToken);
        }
        return new MemberIntakeOutcome.Accepted(signUp);
    }
}
