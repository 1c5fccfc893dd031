using System.Net;
using ServerlessKomunitas.Notifications;

namespace ServerlessKomunitas.Tests.Infrastructure;

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
