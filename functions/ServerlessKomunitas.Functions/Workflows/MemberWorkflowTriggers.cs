using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Functions.Workflows;

/// <summary>The member sign-up workflow's orchestrator and activities as Functions.</summary>
public static class MemberWorkflowTriggers
{
    [Function(nameof(MemberSignUpOrchestrator))]
    public static Task<MembershipStatus> RunMemberSignUpOrchestrator([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new MemberSignUpOrchestrator().RunAsync(context, context.GetInput<MemberSignUpInput>()!);

    [Function(nameof(SendMemberConfirmation))]
    public static Task<MembershipStatus> RunSendMemberConfirmation([ActivityTrigger] MemberStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SendMemberConfirmation, MemberStep, MembershipStatus>(input, instanceId, function);

    [Function(nameof(ExpireMembership))]
    public static Task<MembershipStatus> RunExpireMembership([ActivityTrigger] MemberStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ExpireMembership, MemberStep, MembershipStatus>(input, instanceId, function);

    [Function(nameof(WelcomeMember))]
    public static Task<Welcomed> RunWelcomeMember([ActivityTrigger] MemberStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<WelcomeMember, MemberStep, Welcomed>(input, instanceId, function);
}
