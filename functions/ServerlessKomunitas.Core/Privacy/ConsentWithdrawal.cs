using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using ServerlessKomunitas.Audit;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Notifications;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// Withdrawal of consent (UU PDP): processing stops at once. The person is marked withdrawn and their address
/// suppressed first, so that every later email (jobs, workflows, RSVP notices) is skipped while the rest is undone:
/// their pending sign-ups are ended, they leave the mentor index, their mentorships end and the other side is told,
/// their RSVPs to coming events are cancelled (freeing seats for the waitlist), and the coordinators of communities
/// and proposals they are the contact of are told. Every step can run again; the one email they get is the confirmation.
/// </summary>
public sealed partial class ConsentWithdrawal(PersonStore persons, Suppressions suppressions, MentorDirectory mentors, MentorshipStore mentorships,
    RsvpStore rsvpRows, EventRsvps rsvps, RegistrationStore registrations, ProposalStore proposals, CoordinatorDirectory coordinators,
    EmailLedger ledger, AuditLog audit, PreferenceLinks links, ILogger<ConsentWithdrawal> log)
{
    public const string Reason = "withdrawn";

    /// <summary>What the other side of a mentorship reads as the reason it ended.</summary>
    public const string MentorshipEndReason = "Peserta menarik persetujuan pemrosesan data pribadinya.";

    /// <summary>
    /// Carries out the withdrawal; false when the person no longer exists (erased meanwhile). An erasure withdraws first
    /// without <paramref name="confirm"/>: its own confirmation is the one email.
    /// </summary>
    public async Task<bool> RunAsync(OpenRightsRequest request, DurableTaskClient client, bool confirm = true, CancellationToken cancellationToken = default)
    {
        var (person, _) = await persons.WithdrawAsync(request.PersonKey, request.RequestedAt, cancellationToken);
        if (person is null)
        {
            return false;
        }
        var at = person.WithdrawnAt ?? request.RequestedAt;
        await suppressions.SuppressAsync(person.Email, Reason, at, cancellationToken);
        await audit.RecordAsync(new AuditEntry(person.Key, "ConsentWithdrawn", 0, "person", at, nameof(PersonStatus.Confirmed), nameof(PersonStatus.Withdrawn)), cancellationToken);

        await EndSignUpsAsync(person, client, cancellationToken);
        await mentors.RemoveAsync(person, cancellationToken);
        await EndMentorshipsAsync(person, at, client, cancellationToken);
        await CancelRsvpsAsync(person, cancellationToken);
        await TellCoordinatorsAsync(person, at, cancellationToken);

        if (confirm)
        {
            await ledger.SendOnceAsync(new LedgerKey(InstanceOf(person.Key), "withdrawn", Round(at), "person"),
                PrivacyEmails.Withdrawn(person.Email, person.Name, person.TimeZone, at, links.MyData(person.Key)), cancellationToken);
        }
        Withdrawn(log, person.Key, at);
        return true;
    }

    /// <summary>The ledger partition of a person's data-rights emails.</summary>
    public static string InstanceOf(string personKey) => "rights-" + personKey;

    static int Round(DateTimeOffset at) => (int)(at.ToUnixTimeSeconds() / 60);

    async Task EndSignUpsAsync(Person person, DurableTaskClient client, CancellationToken cancellationToken)
    {
        foreach (var membership in (await persons.ReadAsync(person.Key, cancellationToken)).Memberships.Where(m => m.Status == MembershipStatus.Unconfirmed))
        {
            await WorkflowCallAsync(() => client.TerminateInstanceAsync(membership.InstanceId, Reason, cancellationToken), membership.InstanceId);
        }
    }

    /// <summary>As a mentee or a mentor in a programme, it ends (the workflow tells the other side); an open offer to them is declined.</summary>
    async Task EndMentorshipsAsync(Person person, DateTimeOffset at, DurableTaskClient client, CancellationToken cancellationToken)
    {
        foreach (var m in await mentorships.OfPersonAsync(person.Key, cancellationToken))
        {
            var role = m.MenteeKey == person.Key ? MentorshipRoles.Mentee : MentorshipRoles.Mentor;
            if (role == MentorshipRoles.Mentor && m.Status is MentorshipStatus.Offered or MentorshipStatus.Matching or MentorshipStatus.Waiting)
            {
                var (offered, _) = await mentorships.TransitionAsync(m, r => MentorshipTransitions.AnswerOffer(r, r.OfferRound, person.Key, "decline"), cancellationToken);
                if (offered is { Status: MentorshipStatus.Offered, OfferAnswer: "decline" } && offered.MentorKey == person.Key)
                {
                    await WorkflowCallAsync(() => client.RaiseAsync(m.Id, MentorAnswered.EventFor(offered.OfferRound), new MentorAnswered(false), cancellationToken), m.Id);
                }
                continue;
            }
            var (row, _) = await mentorships.TransitionAsync(m, r => MentorshipTransitions.EndEarly(r, role, MentorshipEndReason, at), cancellationToken);
            if (row is { Status: MentorshipStatus.Ended, EndReason: MentorshipEndReason })
            {
                await WorkflowCallAsync(() => client.RaiseAsync(m.Id, MentorshipEnded.Event, new MentorshipEnded(), cancellationToken), m.Id);
            }
        }
    }

    async Task CancelRsvpsAsync(Person person, CancellationToken cancellationToken)
    {
        foreach (var rsvp in await rsvpRows.OfPersonAsync(person.Key, cancellationToken))
        {
            if (rsvp.Status != RsvpStatus.Cancelled && await rsvps.FindEventAsync(rsvp.PartitionKey, cancellationToken) is (EventState.Open, { } open))
            {
                await rsvps.CancelAsync(open, person, cancellationToken);
            }
        }
    }

    /// <summary>Tells the coordinators of the communities and proposals the person is the contact of that a new contact is needed.</summary>
    public async Task TellCoordinatorsAsync(Person person, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var communities = (await registrations.WhereEqualAsync(nameof(Registration.Email), person.Email, cancellationToken))
            .Where(r => r.Status is not (RegistrationStatus.Rejected or RegistrationStatus.Expired)).ToList();
        var events = (await proposals.WhereEqualAsync(nameof(Proposal.ContactEmail), person.Email, cancellationToken))
            .Where(p => p.IsOpen || (p.Status == ProposalStatus.Confirmed && p.StartUtc > at)).ToList();
        var byApprover = new Dictionary<string, (Coordinator To, List<string> Communities, List<string> Proposals)>(StringComparer.Ordinal);
        async Task<(Coordinator To, List<string> Communities, List<string> Proposals)> NoticeForAsync(string provinceCode)
        {
            var approver = await coordinators.FindApproverAsync(provinceCode, cancellationToken);
            if (!byApprover.TryGetValue(approver.Id, out var notice))
            {
                byApprover[approver.Id] = notice = (approver, [], []);
            }
            return notice;
        }
        foreach (var community in communities)
        {
            (await NoticeForAsync(community.ProvinceCode)).Communities.Add(community.Name);
        }
        foreach (var proposal in events)
        {
            (await NoticeForAsync(proposal.ProvinceCode)).Proposals.Add($"{proposal.Title} ({proposal.CommunityName})");
        }
        foreach (var (id, notice) in byApprover)
        {
            await ledger.SendOnceAsync(new LedgerKey(InstanceOf(person.Key), "contact-withdrew", Round(at), id),
                PrivacyEmails.ContactWithdrew(notice.To, notice.Communities, notice.Proposals), cancellationToken);
        }
    }

    async Task WorkflowCallAsync(Func<Task> call, string instanceId)
    {
        try
        {
            await call();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The row already says what happened; a workflow that is gone or finished has nothing to be told.
            NotTold(log, instanceId, e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consent of {PersonKey} withdrawn at {At}")]
    static partial void Withdrawn(ILogger log, string personKey, DateTimeOffset at);

    [LoggerMessage(Level = LogLevel.Information, Message = "Workflow {InstanceId} was not told of a withdrawal: {Reason}")]
    static partial void NotTold(ILogger log, string instanceId, string reason);
}
