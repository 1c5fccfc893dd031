namespace ServerlessKomunitas.Mentoring;

/// <summary>The programme of one mentorship, copied in when it starts.</summary>
public sealed record Programme(int CheckIns, TimeSpan Interval, TimeSpan CheckInWindow, int? LocalHour, TimeSpan OfferTimeout, TimeSpan WaitForMentor, TimeSpan FeedbackWindow);

/// <summary>The workflow's input: ids and the programme, no personal data.</summary>
public sealed record MentorshipInput(string MentorshipId, Programme Programme);

public sealed record MentorshipStep(string MentorshipId, int Round = 0);

/// <summary>Ask the next candidate of round <c>Round</c>, who must answer by <c>AnswerBy</c>.</summary>
public sealed record OfferStep(string MentorshipId, int Round, DateTime AnswerBy);

public sealed record ProgrammeStep(string MentorshipId, Programme Programme);

/// <summary>What asking the next candidate did: whom it asked, or that nobody is left.</summary>
public sealed record OfferOutcome(bool Asked, MentorshipStatus Status);

/// <summary>What a step that may give a mentor's place back did: the status, and the waiting requests that could now take the place.</summary>
public sealed record Settled(MentorshipStatus Status, IReadOnlyList<string> Waking);

/// <summary>When each participant's check-in emails go: the programme's dates, moved to the local hour in each one's zone.</summary>
public sealed record CheckInPlan(IReadOnlyList<DateTime> MenteeAt, IReadOnlyList<DateTime> MentorAt);

public sealed record CheckInInput(string MentorshipId, int Number, string Role, DateTime SendAt, TimeSpan Window);

public enum CheckInOutcome
{
    Submitted,
    Missed,
    Skipped,
}

/// <summary>Raised after a mentor answered the offer of round <c>Round</c> (the row already has the answer).</summary>
public sealed record MentorAnswered(bool Accepted)
{
    public static WorkflowEvent<MentorAnswered> EventFor(int round) => new($"MentorAnswered-{round}");
}

/// <summary>Sent to the requests waiting for someone like a mentor who joined or whose place came free.</summary>
public sealed record MentorAvailable
{
    public static WorkflowEvent<MentorAvailable> Event { get; } = new(nameof(MentorAvailable));
}

/// <summary>Raised after a participant answered check-in <c>Number</c>.</summary>
public sealed record CheckInSubmitted
{
    public static WorkflowEvent<CheckInSubmitted> EventFor(int number, string role) => new($"CheckIn-{number}-{role}");
}

/// <summary>Raised after either side ended the mentorship early (the row is already Ended).</summary>
public sealed record MentorshipEnded
{
    public static WorkflowEvent<MentorshipEnded> Event { get; } = new(nameof(MentorshipEnded));
}

/// <summary>Raised after a participant gave the closing feedback.</summary>
public sealed record FeedbackGiven
{
    public static WorkflowEvent<FeedbackGiven> EventFor(string role) => new($"Feedback-{role}");
}

/// <summary>
/// A mentorship from request to completion: candidates are asked one by one until one accepts (or the request waits
/// for a new mentor), then a programme of check-ins, one sub-orchestration per participant and check-in so that the
/// history stays small, then feedback. Either side can end it at any point.
/// </summary>
public sealed class MentorshipOrchestrator : LoggedOrchestrator<MentorshipInput, MentorshipStatus>
{
    protected override Task<MentorshipStatus> RunStepsAsync(TaskOrchestrationContext context, MentorshipInput input, ILogger log) =>
        RunStagesAsync(context, input);

    static async Task<MentorshipStatus> RunStagesAsync(TaskOrchestrationContext context, MentorshipInput input)
    {
        var id = input.MentorshipId;
        var programme = input.Programme;
        // One wait for an early end, kept for the whole workflow and never cancelled.
        var ended = context.WaitFor(MentorshipEnded.Event);

        for (var round = 1; ; round++)
        {
            var answerBy = context.CurrentUtcDateTime + programme.OfferTimeout;
            var offer = await context.CallActivityAsync<OfferOutcome>(nameof(OfferNextMentor), new OfferStep(id, round, answerBy), Retry);
            if (offer.Status is not (MentorshipStatus.Offered or MentorshipStatus.Waiting))
            {
                return offer.Status switch
                {
                    MentorshipStatus.Active => await RunProgrammeAsync(context, input, ended),
                    MentorshipStatus.Ended => await EndAsync(context, id),
                    _ => offer.Status,
                };
            }
            if (!offer.Asked)
            {
                var available = context.WaitFor(MentorAvailable.Event);
                var woken = await OrchestrationWaits.FirstAsync(context, context.CurrentUtcDateTime + programme.WaitForMentor, available, ended);
                if (woken == 1)
                {
                    return await EndAsync(context, id);
                }
                if (woken == -1)
                {
                    return await context.CallActivityAsync<MentorshipStatus>(nameof(CloseUnmatched), new MentorshipStep(id, round), Retry);
                }
                continue;
            }
            var answered = context.WaitFor(MentorAnswered.EventFor(round));
            if (await OrchestrationWaits.FirstAsync(context, answerBy, answered, ended) == 1)
            {
                return await EndAsync(context, id);
            }
            var settled = Wake(context, await context.CallActivityAsync<Settled>(nameof(SettleOffer), new MentorshipStep(id, round), Retry));
            if (settled == MentorshipStatus.Active)
            {
                return await RunProgrammeAsync(context, input, ended);
            }
            if (settled == MentorshipStatus.Ended)
            {
                return await EndAsync(context, id);
            }
            if (settled != MentorshipStatus.Matching)
            {
                return settled;
            }
        }
    }

    static async Task<MentorshipStatus> EndAsync(TaskOrchestrationContext context, string id) =>
        Wake(context, await context.CallActivityAsync<Settled>(nameof(AnnounceEnd), new MentorshipStep(id), Retry));

    /// <summary>A mentor's place came free: the requests waiting for someone like them try again.</summary>
    static MentorshipStatus Wake(TaskOrchestrationContext context, Settled settled)
    {
        foreach (var waiting in settled.Waking)
        {
            context.Send(waiting, MentorAvailable.Event, new MentorAvailable());
        }
        return settled.Status;
    }

    static async Task<MentorshipStatus> RunProgrammeAsync(TaskOrchestrationContext context, MentorshipInput input, Task ended)
    {
        var id = input.MentorshipId;
        var programme = input.Programme;
        var plan = await context.CallActivityAsync<CheckInPlan>(nameof(StartProgramme), new ProgrammeStep(id, programme), Retry);
        for (var number = 1; number <= programme.CheckIns; number++)
        {
            var checkIns = Task.WhenAll(
                context.CallSubOrchestratorAsync<CheckInOutcome>(nameof(CheckInOrchestrator),
                    new CheckInInput(id, number, MentorshipRoles.Mentee, plan.MenteeAt[number - 1], programme.CheckInWindow),
                    new SubOrchestrationOptions { InstanceId = CheckInOrchestrator.InstanceIdOf(id, number, MentorshipRoles.Mentee) }),
                context.CallSubOrchestratorAsync<CheckInOutcome>(nameof(CheckInOrchestrator),
                    new CheckInInput(id, number, MentorshipRoles.Mentor, plan.MentorAt[number - 1], programme.CheckInWindow),
                    new SubOrchestrationOptions { InstanceId = CheckInOrchestrator.InstanceIdOf(id, number, MentorshipRoles.Mentor) }));
            if (await Task.WhenAny(checkIns, ended) == ended)
            {
                var endedStatus = await EndAsync(context, id);
                // The running check-ins stop at once instead of at their next timer, so the workflow ends now (and an erasure can purge it).
                foreach (var role in MentorshipRoles.Both)
                {
                    context.Send(CheckInOrchestrator.InstanceIdOf(id, number, role), MentorshipEnded.Event, new MentorshipEnded());
                }
                return endedStatus;
            }
        }

        var status = await context.CallActivityAsync<MentorshipStatus>(nameof(RequestFeedback), new MentorshipStep(id), Retry);
        if (status != MentorshipStatus.Feedback)
        {
            return status == MentorshipStatus.Ended ? await EndAsync(context, id) : status;
        }
        var feedback = Task.WhenAll(
            context.WaitFor(FeedbackGiven.EventFor(MentorshipRoles.Mentee)),
            context.WaitFor(FeedbackGiven.EventFor(MentorshipRoles.Mentor)));
        if (await OrchestrationWaits.FirstAsync(context, context.CurrentUtcDateTime + programme.FeedbackWindow, feedback, ended) == 1)
        {
            return await EndAsync(context, id);
        }
        return Wake(context, await context.CallActivityAsync<Settled>(nameof(CompleteMentorship), new MentorshipStep(id), Retry));
    }
}

/// <summary>
/// One participant's check-in: the email at its time, then the answer or, after the window, a miss with one
/// reminder (two misses in a row tell the community contact). A mentorship that ended makes every step a no-op.
/// </summary>
public sealed class CheckInOrchestrator : TaskOrchestrator<CheckInInput, CheckInOutcome>
{
    public static string InstanceIdOf(string mentorshipId, int number, string role) => $"{mentorshipId}-checkin-{number}-{role}";

    /// <summary>
    /// Waiting for the mentorship's end as well adds no step to the history, so instances started before it replay the same.
    /// </summary>
    public override async Task<CheckInOutcome> RunAsync(TaskOrchestrationContext context, CheckInInput input)
    {
        var ended = context.WaitFor(MentorshipEnded.Event);
        if (input.SendAt > context.CurrentUtcDateTime && await OrchestrationWaits.FirstAsync(context, input.SendAt, ended) == 0)
        {
            return CheckInOutcome.Skipped;
        }
        if (!await context.CallActivityAsync<bool>(nameof(SendCheckIn), input, ActivityRetry.Standard))
        {
            return CheckInOutcome.Skipped;
        }
        var submitted = context.WaitFor(CheckInSubmitted.EventFor(input.Number, input.Role));
        var answer = await OrchestrationWaits.FirstAsync(context, context.CurrentUtcDateTime + input.Window, submitted, ended);
        if (answer == 0)
        {
            return CheckInOutcome.Submitted;
        }
        if (answer == 1)
        {
            return CheckInOutcome.Skipped;
        }
        return await context.CallActivityAsync<CheckInOutcome>(nameof(RecordMissedCheckIn), input, ActivityRetry.Standard);
    }
}
