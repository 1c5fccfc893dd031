using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Functions.Workflows;

/// <summary>The proposal workflow's orchestrator and activities as Functions.</summary>
public static class ProposalWorkflowTriggers
{
    [Function(nameof(ProposalOrchestrator))]
    public static Task<ProposalStatus> RunProposalOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new ProposalOrchestrator().RunAsync(context, context.GetInput<ProposalWorkflowInput>()!);

    [Function(nameof(SendProposalConfirmation))]
    public static Task<ProposalStatus> RunSendProposalConfirmation([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SendProposalConfirmation, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(ExpireUnconfirmedProposal))]
    public static Task<ProposalStatus> RunExpireUnconfirmedProposal([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ExpireUnconfirmedProposal, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(ExpireStaleChanges))]
    public static Task<ProposalStatus> RunExpireStaleChanges([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ExpireStaleChanges, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(PlanEventConfirmation))]
    public static Task<EventConfirmationPlan> RunPlanEventConfirmation([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<PlanEventConfirmation, ProposalStep, EventConfirmationPlan>(input, instanceId, function);

    [Function(nameof(RemindEventConfirmation))]
    public static Task<ProposalStatus> RunRemindEventConfirmation([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<RemindEventConfirmation, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(ExpireUnconfirmedEvent))]
    public static Task<ProposalStatus> RunExpireUnconfirmedEvent([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ExpireUnconfirmedEvent, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(PublishEvent))]
    public static Task<ProposalStatus> RunPublishEvent([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<PublishEvent, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(CancelEvent))]
    public static Task<ProposalStatus> RunCancelEvent([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CancelEvent, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(CountEventHeld))]
    public static Task<ProposalStatus> RunCountEventHeld([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CountEventHeld, ProposalStep, ProposalStatus>(input, instanceId, function);

    [Function(nameof(ReadProposalStatus))]
    public static Task<ProposalStatus> RunReadProposalStatus([ActivityTrigger] ProposalStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ReadProposalStatus, ProposalStep, ProposalStatus>(input, instanceId, function);
}
