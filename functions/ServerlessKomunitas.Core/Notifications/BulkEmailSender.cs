using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using SendGrid;
using SendGrid.Helpers.Mail;
using EmailAddress = SendGrid.Helpers.Mail.EmailAddress;

namespace ServerlessKomunitas.Notifications;

/// <summary>One recipient of a bulk email: their values for the email's substitution tags, and headers of their own (List-Unsubscribe).</summary>
public sealed record BulkRecipient(string Email, string Name, IReadOnlyDictionary<string, string> Substitutions, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>A bulk email: the same subject and bodies for everyone, with substitution tags (such as <c>-name-</c>) filled in per recipient.</summary>
public sealed record BulkEmail(string Subject, string Html, string Text);

/// <summary>What one SendGrid request did for its recipients: accepted (2xx), or failed with SendGrid's status and answer.</summary>
public sealed record BulkBatch(IReadOnlyList<BulkRecipient> Recipients, int Status, string? Error)
{
    public bool Accepted => Status is >= 200 and < 300;
}

/// <summary>
/// Sends one email to many: up to 1,000 personalizations per SendGrid request (SendGrid's limit), never one request
/// per member. Throttling (429) and server errors (5xx) are retried in the HTTP pipeline with backoff that waits for
/// SendGrid's X-RateLimit-Reset or Retry-After; any other 4xx is not retried and comes back as a failed batch.
/// </summary>
public sealed class BulkEmailSender(IHttpClientFactory clients, IOptions<EmailOptions> options)
{
    public const string ClientName = "SendGridBulk";
    public const int MaxPersonalizations = 1000;

    public async Task<IReadOnlyList<BulkBatch>> SendAsync(BulkEmail email, IReadOnlyList<BulkRecipient> recipients, CancellationToken cancellationToken = default)
    {
        var client = Client();
        var batches = new List<BulkBatch>();
        foreach (var chunk in recipients.Chunk(MaxPersonalizations))
        {
            batches.Add(await SendBatchAsync(client, email, chunk, cancellationToken));
        }
        return batches;
    }

    async Task<BulkBatch> SendBatchAsync(SendGridClient client, BulkEmail email, IReadOnlyList<BulkRecipient> recipients, CancellationToken cancellationToken)
    {
        var message = new SendGridMessage
        {
            From = new EmailAddress(options.Value.From, options.Value.FromName),
            Subject = email.Subject,
            PlainTextContent = email.Text,
            HtmlContent = email.Html,
            Personalizations = recipients.Select(r => new Personalization
            {
                Tos = [new EmailAddress(r.Email, r.Name)],
                Substitutions = new Dictionary<string, string>(r.Substitutions),
                Headers = r.Headers is null ? null : new Dictionary<string, string>(r.Headers),
            }).ToList(),
        };
        message.SetClickTracking(false, false);
        try
        {
            var response = await client.SendEmailAsync(message, cancellationToken);
            return response.IsSuccessStatusCode
                ? new BulkBatch(recipients, (int)response.StatusCode, null)
                : new BulkBatch(recipients, (int)response.StatusCode, await response.Body.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException e)
        {
            return new BulkBatch(recipients, 0, $"SendGrid could not be reached: {e.Message}");
        }
    }

    SendGridClient Client()
    {
        var settings = new SendGridClientOptions { ApiKey = options.Value.SendGridApiKey };
        if (!string.IsNullOrWhiteSpace(options.Value.SendGridHost))
        {
            settings.Host = options.Value.SendGridHost;
        }
        return new SendGridClient(clients.CreateClient(ClientName), settings);
    }

    /// <summary>The retry in the bulk client's HTTP pipeline: 429 and 5xx (and no answer at all), paced by SendGrid's headers.</summary>
    public static void Retry(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, EmailOptions options, TimeProvider time) =>
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, options.BulkRetries),
            Delay = options.BulkRetryDelay,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(options.BulkRetries > 0 && (args.Outcome.Result is { } response
                ? response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500
                : args.Outcome.Exception is HttpRequestException or TimeoutException)),
            DelayGenerator = args => ValueTask.FromResult(UntilReset(args.Outcome.Result, time)),
        });

    /// <summary>
    /// How long SendGrid asks us to wait: X-RateLimit-Reset is the second (Unix time) its limit resets, Retry-After a
    /// delay or a date; at most a minute. Null (no header) falls back to the exponential backoff.
    /// </summary>
    static TimeSpan? UntilReset(HttpResponseMessage? response, TimeProvider time)
    {
        TimeSpan? wait = null;
        if (response?.Headers.TryGetValues("X-RateLimit-Reset", out var values) == true && long.TryParse(values.FirstOrDefault(), out var reset))
        {
            wait = DateTimeOffset.FromUnixTimeSeconds(reset) - time.GetUtcNow();
        }
        else if (response?.Headers.RetryAfter is { } retryAfter)
        {
            wait = retryAfter.Delta ?? retryAfter.Date - time.GetUtcNow();
        }
        return wait is null ? null : wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > TimeSpan.FromMinutes(1) ? TimeSpan.FromMinutes(1) : wait;
    }
}
