namespace ServerlessKomunitas.Workflows;

/// <summary>
/// The one retry every workflow gives its activities: six attempts, 1 s apart and doubling to at most a minute, so a
/// storage or SendGrid outage of about half a minute is ridden out. Every activity is idempotent, so a retry after a
/// step that did its work and then failed repeats nothing.
/// </summary>
public static class ActivityRetry
{
    public static TaskOptions Standard { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6, firstRetryInterval: TimeSpan.FromSeconds(1), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(1)));
}
