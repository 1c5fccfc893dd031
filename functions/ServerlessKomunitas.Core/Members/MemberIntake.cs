using ServerlessKomunitas.Abuse;

namespace ServerlessKomunitas.Members;

/// <summary>
/// Takes a valid sign-up in: limits, then the person and membership rows in one batch, then the double opt-in
/// workflow. A repeated sign-up finds the membership and starts nothing, except a workflow a crash never started.
/// </summary>
public sealed class MemberIntake(PersonStore persons, RateLimiter limiter, IOptions<RateLimitOptions> limits, IOptions<MemberOptions> options, TimeProvider time)
{
    public async Task<IntakeOutcome<SignUp>> SubmitAsync(NewMember member, string clientHash, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        if (await limiter.PerClientAsync<SignUp>(clientHash, limits.Value, "Terlalu banyak pendaftaran dari jaringan Anda. Coba lagi nanti.", cancellationToken) is { } busy)
        {
            return busy;
        }
        var existing = await persons.ReadAsync(Person.KeyOf(member.Email), cancellationToken);
        if (existing.Person is null || existing.Of(member.Community.Id) is null or { Status: MembershipStatus.Expired })
        {
            // A new sign-up sends a confirmation email: an address gets only so many a day.
            if (await limiter.ConfirmationEmailsAsync<SignUp>(member.Email, MemberInput.Fields.Email, limits.Value, cancellationToken) is { } spent)
            {
                return spent;
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
        return new IntakeOutcome<SignUp>.Accepted(signUp, signUp.IsDuplicate);
    }
}
