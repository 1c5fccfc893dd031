using System.Net;
using ServerlessKomunitas.Notifications;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// Answers the next <paramref name="failures"/> requests with <paramref name="status"/> instead of passing
/// them on, as SendGrid does when it throttles (429) or fails (5xx). Sits in the real client's HTTP pipeline.
/// </summary>
public sealed class FailingHandler(HttpStatusCode status, int failures) : DelegatingHandler
{
    int remaining = failures;

    public int Failed { get; private set; }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref remaining) >= 0)
        {
            Failed++;
            return Task.FromResult(new HttpResponseMessage(status)
            {
                Content = new StringContent("""{"errors":[{"message":"injected fault","field":null,"help":null}]}"""),
            });
        }
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>
/// Sends for real, then throws <paramref name="crashes"/> times: a process that died after SendGrid's 202
/// and before the ledger marked the email sent.
/// </summary>
public sealed class CrashAfterSendSender(IEmailSender inner, int crashes) : IEmailSender
{
    int remaining = crashes;

    public async Task<string?> SendAsync(EmailMessage message, CancellationToken cancellationToken = default)
    {
        var id = await inner.SendAsync(message, cancellationToken);
        if (Interlocked.Decrement(ref remaining) >= 0)
        {
            throw new IOException("Injected crash after the provider accepted the email.");
        }
        return id;
    }
}

/// <summary>A shared switch that a test flips to make the next calls fail.</summary>
public sealed class FaultSwitch
{
    int remaining;

    public void FailNext(int count) => Interlocked.Exchange(ref remaining, count);

    public bool ShouldFail() => Interlocked.Decrement(ref remaining) >= 0;
}

/// <summary>
/// A crash between two steps, at the storage edge: for requests that <paramref name="matches"/>, either the
/// request never leaves (<see cref="CrashPoint.BeforeWrite"/>) or it is written and the caller then fails
/// (<see cref="CrashPoint.AfterWrite"/>), as a process that died right after the write would.
/// </summary>
public sealed class StorageCrash(Func<Azure.Core.Request, bool> matches, CrashPoint point, int times) : Azure.Core.Pipeline.HttpPipelinePolicy
{
    int remaining = times;

    public int Crashes { get; private set; }

    public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
    {
        var crash = matches(message.Request) && Interlocked.Decrement(ref remaining) >= 0;
        if (crash && point == CrashPoint.BeforeWrite)
        {
            Crashes++;
            throw new IOException($"Injected crash before {message.Request.Method} {message.Request.Uri}");
        }
        await ProcessNextAsync(message, pipeline);
        if (crash)
        {
            Crashes++;
            throw new IOException($"Injected crash after {message.Request.Method} {message.Request.Uri}");
        }
    }

    /// <summary>Table options whose pipeline carries this crash.</summary>
    public Azure.Data.Tables.TableClientOptions Options()
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(this, Azure.Core.HttpPipelinePosition.PerCall);
        return options;
    }

    /// <summary>The ledger's "mark sent" write for one step: an update of an existing EmailLedger row.</summary>
    public static Func<Azure.Core.Request, bool> LedgerMark(string tablePrefix, string step) => request =>
        request.Method != Azure.Core.RequestMethod.Get && request.Method != Azure.Core.RequestMethod.Post &&
        request.Uri.ToString().Contains($"/{tablePrefix}EmailLedger(", StringComparison.Ordinal) &&
        Uri.UnescapeDataString(request.Uri.ToString()).Contains($"RowKey='{step}-", StringComparison.Ordinal);
}

public enum CrashPoint
{
    BeforeWrite,
    AfterWrite,
}

/// <summary>
/// The real clock moved to 12:30 UTC of today, so that a test of hourly and daily limits never straddles the turn
/// of a window (a run at 07:59:58 would count its first uses in one hour and the rest in the next).
/// </summary>
public sealed class MidWindowTime : TimeProvider
{
    readonly TimeSpan offset = DateTimeOffset.UtcNow.Date.AddHours(12).AddMinutes(30) - DateTimeOffset.UtcNow.UtcDateTime;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}

/// <summary>The system clock, moved forward by a test: for deadlines counted in hours (a data-rights request's 3 × 24 hours).</summary>
public sealed class MovableTime : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}

/// <summary>
/// A fault at the N-th write to the app's tables once armed (the rate-limit counters aside): storage answering 503
/// (<see cref="CrashPoint.BeforeWrite"/>, nothing written) or a process that died right after the write
/// (<see cref="CrashPoint.AfterWrite"/>). Counts every write, so a clean run tells how many steps there are.
/// </summary>
public sealed class NthWriteFault(string tablePrefix, int n, CrashPoint point) : Azure.Core.Pipeline.HttpPipelinePolicy
{
    int writes;

    public bool Armed { get; set; }

    public int Writes => writes;

    /// <summary>The write that failed: method and table, for the test's report.</summary>
    public string? Injected { get; private set; }

    public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
        ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
    {
        var uri = Uri.UnescapeDataString(message.Request.Uri.ToString());
        var write = Armed && message.Request.Method != Azure.Core.RequestMethod.Get && !uri.Contains("RateLimits", StringComparison.Ordinal)
            && (uri.Contains("/" + tablePrefix, StringComparison.OrdinalIgnoreCase) || uri.Contains("$batch", StringComparison.Ordinal));
        var fail = write && Interlocked.Increment(ref writes) == n;
        if (fail)
        {
            Injected = $"{point} {message.Request.Method} {uri[(uri.IndexOf('/', 8) + 1)..]}";
        }
        if (fail && point == CrashPoint.BeforeWrite)
        {
            throw new Azure.RequestFailedException(503, "Injected: the storage service is unavailable.");
        }
        await ProcessNextAsync(message, pipeline);
        if (fail)
        {
            throw new IOException("Injected: the process died right after " + Injected);
        }
    }

    public Azure.Data.Tables.TableClientOptions Options()
    {
        var options = new Azure.Data.Tables.TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.AddPolicy(this, Azure.Core.HttpPipelinePosition.PerCall);
        return options;
    }
}
