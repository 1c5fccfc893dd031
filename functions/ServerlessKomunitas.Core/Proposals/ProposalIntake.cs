using System.Globalization;
using ServerlessKomunitas.Abuse;
using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Proposals;

/// <summary>
/// Takes a valid proposal in: limits, the dedup claim, the record, then its workflow with the policy in force
/// for the event's kind and place copied into the input. Every step can be repeated safely.
/// </summary>
public sealed class ProposalIntake(
    Claims claims,
    ProposalStore store,
    RateLimiter limiter,
    PolicyStore policies,
    Regions.RegionDirectory regions,
    IOptions<RateLimitOptions> limits,
    IOptions<ProposalOptions> options,
    Members.PersonStore persons,
    Engagement.ActivityLog activity,
    TimeProvider time)
{
    public async Task<IntakeOutcome<Proposal>> SubmitAsync(NewProposal input, string? idempotencyKey, string clientHash, DurableTaskClient client, CancellationToken cancellationToken = default)
    {
        if (await limiter.PerClientAsync<Proposal>(clientHash, limits.Value, "Terlalu banyak pengiriman dari jaringan Anda. Coba lagi nanti.", cancellationToken) is { } busy)
        {
            return busy;
        }
        var claim = await claims.ClaimAsync("proposal", NaturalKeyOf(input), idempotencyKey, RecordId.New(), cancellationToken);
        if (!claim.IsNew && await store.FindAsync(claim.TargetId, cancellationToken) is { } existing)
        {
            if (!await WorkflowStarts.ExistsAsync(client, existing.Id, cancellationToken) && existing.Status == ProposalStatus.AwaitingConfirmation)
            {
                await StartAsync(client, existing, cancellationToken);
            }
            return new IntakeOutcome<Proposal>.Accepted(existing, IsDuplicate: true);
        }

        // Each proposal sends its community's contact an email: a community may propose only so much a day.
        var perCommunity = await limiter.TryConsumeAsync("propose", input.Community.Id, TimeSpan.FromDays(1), options.Value.ProposalsPerCommunityPerDay, cancellationToken: cancellationToken);
        if (!perCommunity.Allowed)
        {
            return new IntakeOutcome<Proposal>.RateLimited(ProposalInput.Fields.CommunityId, "Komunitas ini sudah mencapai batas usulan hari ini. Coba lagi besok.", perCommunity.RetryAfter);
        }
        var proposal = Create(claim.TargetId, input, time.GetUtcNow());
        if (!await store.TryAddAsync(proposal, cancellationToken))
        {
            proposal = await store.FindAsync(claim.TargetId, cancellationToken) ?? proposal;
        }
        await StartAsync(client, proposal, cancellationToken);
        // A new proposal counts as its contact's activity, when the contact is a member.
        var contactKey = Members.Person.KeyOf(proposal.ContactEmail);
        if (claim.IsNew && await persons.FindPersonAsync(contactKey, cancellationToken) is not null)
        {
            await persons.TouchAsync(contactKey, time.GetUtcNow(), cancellationToken);
            await activity.CountAsync(proposal.CommunityId, contactKey, Engagement.ActivityKind.Proposal, time.GetUtcNow(), cancellationToken);
        }
        return new IntakeOutcome<Proposal>.Accepted(proposal, IsDuplicate: !claim.IsNew);
    }

    async Task StartAsync(DurableTaskClient client, Proposal proposal, CancellationToken cancellationToken)
    {
        var regency = await regions.FindRegencyAsync(proposal.RegencyCode, cancellationToken)
            ?? throw new InvalidOperationException($"Proposal {proposal.Id} names an unknown regency.");
        var policy = await policies.ResolveAsync([$"proposal-{proposal.Kind}", "proposal"], regency, cancellationToken);
        var o = options.Value;
        await WorkflowStarts.StartOnceAsync(client, nameof(ProposalOrchestrator),
            new ProposalWorkflowInput(proposal.Id, policy, new ProposalTimings(o.ConfirmationWindow, o.Review, o.EditWindow, o.EventConfirmationReminderAfter)),
            proposal.Id, cancellationToken);
    }

    public static Proposal Create(string id, NewProposal input, DateTimeOffset now)
    {
        var proposal = new Proposal { PartitionKey = id, SubmittedAt = now };
        Apply(proposal, input);
        proposal.CommunityId = input.Community.Id;
        proposal.CommunityName = input.Community.Name;
        proposal.ContactName = input.Community.ContactName;
        proposal.ContactEmail = input.Community.Email;
        proposal.ContactKey = Members.Person.KeyOf(input.Community.Email);
        return proposal;
    }

    /// <summary>The proposal's own fields, as submitted or as edited.</summary>
    public static void Apply(Proposal proposal, NewProposal input)
    {
        proposal.Title = input.Title;
        proposal.Kind = input.Kind;
        proposal.Description = input.Description;
        proposal.SubsectorSlugs = string.Join(',', input.Subsectors);
        proposal.RegencyCode = input.Regency.Code;
        proposal.ProvinceCode = input.Regency.ProvinceCode;
        proposal.Zone = input.Zone.ToString();
        proposal.StartUtc = input.StartUtc;
        proposal.EndUtc = input.EndUtc;
        proposal.Venue = input.Venue;
        proposal.OnlineLink = input.OnlineLink;
        proposal.Capacity = input.Capacity;
        proposal.SupportJson = JsonSerializer.Serialize(input.Support);
    }

    /// <summary>The same event proposed twice: same community, title (whatever the spacing or case) and start.</summary>
    public static string NaturalKeyOf(NewProposal input) =>
        string.Join('\n', input.Community.Id,
            string.Join(' ', input.Title.Normalize(NormalizationForm.FormKC).ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            input.StartUtc.UtcTicks.ToString(CultureInfo.InvariantCulture));
}
