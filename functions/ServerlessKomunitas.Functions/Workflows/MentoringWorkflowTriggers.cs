using ServerlessKomunitas.Mentoring;

namespace ServerlessKomunitas.Functions.Workflows;

/// <summary>The mentoring workflow's orchestrators and activities as Functions.</summary>
public static class MentoringWorkflowTriggers
{
    [Function(nameof(MentorshipOrchestrator))]
    public static Task<MentorshipStatus> RunMentorshipOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new MentorshipOrchestrator().RunAsync(context, context.GetInput<MentorshipInput>()!);

    [Function(nameof(CheckInOrchestrator))]
    public static Task<CheckInOutcome> RunCheckInOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CheckInOrchestrator().RunAsync(context, context.GetInput<CheckInInput>()!);

    [Function(nameof(OfferNextMentor))]
    public static Task<OfferOutcome> RunOfferNextMentor([ActivityTrigger] OfferStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<OfferNextMentor, OfferStep, OfferOutcome>(input, instanceId, function);

    [Function(nameof(SettleOffer))]
    public static Task<Settled> RunSettleOffer([ActivityTrigger] MentorshipStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SettleOffer, MentorshipStep, Settled>(input, instanceId, function);

    [Function(nameof(StartProgramme))]
    public static Task<CheckInPlan> RunStartProgramme([ActivityTrigger] ProgrammeStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<StartProgramme, ProgrammeStep, CheckInPlan>(input, instanceId, function);

    [Function(nameof(SendCheckIn))]
    public static Task<bool> RunSendCheckIn([ActivityTrigger] CheckInInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SendCheckIn, CheckInInput, bool>(input, instanceId, function);

    [Function(nameof(RecordMissedCheckIn))]
    public static Task<CheckInOutcome> RunRecordMissedCheckIn([ActivityTrigger] CheckInInput input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<RecordMissedCheckIn, CheckInInput, CheckInOutcome>(input, instanceId, function);

    [Function(nameof(RequestFeedback))]
    public static Task<MentorshipStatus> RunRequestFeedback([ActivityTrigger] MentorshipStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<RequestFeedback, MentorshipStep, MentorshipStatus>(input, instanceId, function);

    [Function(nameof(CompleteMentorship))]
    public static Task<Settled> RunCompleteMentorship([ActivityTrigger] MentorshipStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CompleteMentorship, MentorshipStep, Settled>(input, instanceId, function);

    [Function(nameof(AnnounceEnd))]
    public static Task<Settled> RunAnnounceEnd([ActivityTrigger] MentorshipStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<AnnounceEnd, MentorshipStep, Settled>(input, instanceId, function);

    [Function(nameof(CloseUnmatched))]
    public static Task<MentorshipStatus> RunCloseUnmatched([ActivityTrigger] MentorshipStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CloseUnmatched, MentorshipStep, MentorshipStatus>(input, instanceId, function);
}
