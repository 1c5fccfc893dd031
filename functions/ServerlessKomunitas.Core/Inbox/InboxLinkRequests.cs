using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Inbox;

/// <summary>
/// A coordinator whose inbox link expired (or who lost it) asks for a fresh one by email. The answer is the same
/// whether or not the address is a coordinator's, so the form tells nobody who the coordinators are; the link goes
/// only to the address on record, at most once an hour.
/// </summary>
public sealed class InboxLinkRequests(CoordinatorDirectory coordinators, InboxLinks links, EmailLedger ledger, TimeProvider time)
{
    public const int MaxBodyBytes = 2 * 1024;
    public const string EmailField = "email";

    public sealed record LinkRequested(string Status);

    public static IResult Form(HttpRequest request) => InboxPages.LinkForm(null, new FieldErrors(), StatusCodes.Status200OK);

    public async Task<IResult> RequestAsync(HttpRequest request)
    {
        var html = !Negotiation.PrefersJson(request);
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return problem!;
        }
        string? raw;
        using (body)
        {
            raw = body.Text(EmailField);
        }
        var errors = new FieldErrors();
        var email = EmailAddress.Validate(errors, EmailField, raw);
        if (email is null)
        {
            return html ? InboxPages.LinkForm(raw, errors, StatusCodes.Status400BadRequest) : Problems.Validation(errors);
        }
        var cancellationToken = request.HttpContext.RequestAborted;
        var coordinator = (await coordinators.ListAsync(cancellationToken)).FirstOrDefault(c => string.Equals(EmailAddress.Normalize(c.Email), email, StringComparison.Ordinal));
        if (coordinator is not null)
        {
            var hour = (int)(time.GetUtcNow().ToUnixTimeSeconds() / 3600);
            await ledger.SendOnceAsync(new LedgerKey($"inbox-{coordinator.Id}", "inbox-link", hour, coordinator.Id),
                InboxEmails.FreshLink(coordinator, links.For(coordinator)), cancellationToken);
        }
        return html ? InboxPages.LinkSent() : ApiResults.Ok(new LinkRequested("sent-if-known"));
    }
}
