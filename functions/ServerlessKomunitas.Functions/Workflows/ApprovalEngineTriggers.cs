using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Functions.Workflows;

/// <summary>The approval engine's activities as Functions, shared by every orchestrator that reviews a request.</summary>
public static class ApprovalEngineTriggers
{
    [Function(nameof(SendApprovalLinks))]
    public static Task<int> RunSendApprovalLinks([ActivityTrigger] ApprovalLinks input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<SendApprovalLinks, ApprovalLinks, int>(input, instanceId, function);

    [Function(nameof(ReadReview))]
    public static Task<ReviewState> RunReadReview([ActivityTrigger] ReviewRef input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ReadReview, ReviewRef, ReviewState>(input, instanceId, function);

    [Function(nameof(ConcludeReview))]
    public static Task<ReviewResult> RunConcludeReview([ActivityTrigger] ConcludeReviewStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ConcludeReview, ConcludeReviewStep, ReviewResult>(input, instanceId, function);

    [Function(nameof(ExpireReview))]
    public static Task<ReviewResult> RunExpireReview([ActivityTrigger] ExpireReviewStep input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<ExpireReview, ExpireReviewStep, ReviewResult>(input, instanceId, function);

    [Function(nameof(CloseReviewInbox))]
    public static Task<bool> RunCloseReviewInbox([ActivityTrigger] ReviewRef input, string instanceId, FunctionContext function) =>
        ActivityRunner.RunAsync<CloseReviewInbox, ReviewRef, bool>(input, instanceId, function);
}
