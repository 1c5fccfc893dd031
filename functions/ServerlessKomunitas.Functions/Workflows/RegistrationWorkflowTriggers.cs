using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Functions.Workflows;

/// <summary>The registration workflow's orchestrator and activities as Functions: each a thin call into Core.</summary>
public static class RegistrationWorkflowTriggers
{
    [Function(nameof(RegistrationOrchestratorV2))]
    public static Task<RegistrationStatus> RunRegistrationOrchestratorV2([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new RegistrationOrchestratorV2().RunAsync(context, context.GetInput<RegistrationWorkflowInputV2>()!);

    [Function(nameof(SendConfirmationEmail))]
    public static Task<RegistrationStatus> RunSendConfirmationEmail([ActivityTrigger] ConfirmationStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SendConfirmationEmail, ConfirmationStep, RegistrationStatus>(input, instanceId, function);

    [Function(nameof(ExpireUnconfirmedRegistration))]
    public static Task<RegistrationStatus> RunExpireUnconfirmedRegistration([ActivityTrigger] string input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ExpireUnconfirmedRegistration, string, RegistrationStatus>(input, instanceId, function);
}
