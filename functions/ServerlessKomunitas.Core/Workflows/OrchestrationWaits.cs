namespace ServerlessKomunitas.Workflows;

public static class OrchestrationWaits
{
    /// <summary>
    /// True if <paramref name="awaited"/> completes before <paramref name="deadline"/>. Only the timer is cancelled,
    /// never the wait: a cancelled wait on an event name would swallow the next event of that name.
    /// </summary>
    public static async Task<bool> HappensBeforeAsync(TaskOrchestrationContext context, Task awaited, DateTime deadline)
    {
        if (awaited.IsCompleted)
        {
            return true;
        }
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, cancel.Token);
        if (await Task.WhenAny(awaited, timer) == awaited)
        {
            cancel.Cancel();
            return true;
        }
        return false;
    }

    /// <summary>The index of the first of <paramref name="events"/> to complete before <paramref name="deadline"/>, or -1 if the timer wins.</summary>
    public static async Task<int> FirstAsync(TaskOrchestrationContext context, DateTime deadline, params Task[] events)
    {
        for (var i = 0; i < events.Length; i++)
        {
            if (events[i].IsCompleted)
            {
                return i;
            }
        }
        using var cancel = new CancellationTokenSource();
        var timer = context.CreateTimer(deadline, cancel.Token);
        var winner = await Task.WhenAny([.. events, timer]);
        if (winner == timer)
        {
            return -1;
        }
        cancel.Cancel();
        return Array.IndexOf(events, winner);
    }
}
