using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Workflows;

/// <summary>
/// Every orchestrator and activity, listed once. The Local host registers these with its worker; the
/// Functions app has a hand-written trigger for each, and a parity test holds the two to this list.
/// </summary>
public static class WorkflowCatalog
{
    public static IReadOnlyList<Type> Orchestrators { get; } = [typeof(RegistrationOrchestratorV2), typeof(ProposalOrchestrator),
        typeof(MemberSignUpOrchestrator), typeof(MentorshipOrchestrator), typeof(CheckInOrchestrator)];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(SendConfirmationEmail),
        typeof(ExpireUnconfirmedRegistration),
        typeof(SendApprovalLinks),
        typeof(ReadReview),
        typeof(ConcludeReview),
        typeof(ExpireReview),
        typeof(CloseReviewInbox),
        typeof(SendProposalConfirmation),
        typeof(ExpireUnconfirmedProposal),
        typeof(ExpireStaleChanges),
        typeof(PlanEventConfirmation),
        typeof(RemindEventConfirmation),
        typeof(ExpireUnconfirmedEvent),
        typeof(PublishEvent),
        typeof(CancelEvent),
        typeof(CountEventHeld),
        typeof(ReadProposalStatus),
        typeof(SendMemberConfirmation),
        typeof(ExpireMembership),
        typeof(WelcomeMember),
        typeof(OfferNextMentor),
        typeof(SettleOffer),
        typeof(StartProgramme),
        typeof(SendCheckIn),
        typeof(RecordMissedCheckIn),
        typeof(RequestFeedback),
        typeof(CompleteMentorship),
        typeof(AnnounceEnd),
        typeof(CloseUnmatched),
    ];

    public static void Register(DurableTaskRegistry registry)
    {
        foreach (var orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }
        foreach (var activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }
}
