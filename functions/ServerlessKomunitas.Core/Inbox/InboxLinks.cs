using System.Security.Cryptography;
using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Inbox;

public sealed class InboxOptions
{
    public const string Section = "Inbox";

    /// <summary>How long an inbox link works. Every approval email carries a fresh one.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How many requests a page lists; a page stays within the page standards (50 KB with CSS).</summary>
    public int PageSize { get; set; } = 20;

    /// <summary>
    /// How many approval emails (requests, reminders, escalations, delegations) one coordinator gets one by one in a day
    /// of their zone. After that the day's requests wait in the inbox, and the daily digest counts them.
    /// </summary>
    public int DailyEmails { get; set; } = 10;

    public bool IsValid => LinkLifetime > TimeSpan.Zero && PageSize is >= 1 and <= 50 && DailyEmails is >= 0 and <= 1000;
}

/// <summary>
/// A coordinator's signed link to their inbox. It names the coordinator's slot and, in the round claim, a fingerprint
/// of the address it was sent to: when an operator gives the slot to someone else, the previous person's links stop
/// working, with nothing stored to revoke. The slot id travels, never the address.
/// </summary>
public sealed class InboxLinks(LinkSigner links, CoordinatorDirectory coordinators, IOptions<InboxOptions> options, IOptions<SiteOptions> site, TimeProvider time)
{
    public const string SubjectType = "coordinator";

    public string For(Coordinator coordinator) =>
        site.Value.Link(ApiRoutes.ApproverInbox.PathWithKey(links.Sign(new SignedLink(coordinator.Id, LinkPurpose.Inbox, coordinator.Id,
            Fingerprint(coordinator.Email), time.GetUtcNow() + options.Value.LinkLifetime, SubjectType))));

    /// <summary>The coordinator the link in <c>?k=</c> is for, or the page or problem that refuses it.</summary>
    public async Task<(Coordinator? Coordinator, string Token, IResult? Refusal)> ResolveAsync(HttpRequest request)
    {
        var html = !Negotiation.PrefersJson(request);
        var token = request.Query[ApiRoute.KeyParameter].ToString();
        var check = links.Verify(token, LinkPurpose.Inbox);
        if (check.Link is { SubjectType: not SubjectType })
        {
            return (null, token, LinkPages.For(LinkProblem.WrongPurpose, html, ApiRoute.KeyParameter));
        }
        if (!check.IsValid)
        {
            return (null, token, LinkPages.For(check.Problem, html, ApiRoute.KeyParameter, InboxPages.AskForLink));
        }
        var coordinator = await coordinators.FindByIdAsync(check.Link!.Subject, request.HttpContext.RequestAborted);
        if (coordinator is null)
        {
            return (null, token, LinkPages.UnknownSubject(html, ApiRoute.KeyParameter));
        }
        return Fingerprint(coordinator.Email) == check.Link.Round
            ? (coordinator, token, null)
            : (null, token, LinkPages.Superseded(html, ApiRoute.KeyParameter, InboxPages.AskForLink));
    }

    /// <summary>31 bits of the address's hash: enough to tell one holder of a slot from the next, useless to find the address.</summary>
    static int Fingerprint(string email) =>
        BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant())), 0) & int.MaxValue;
}
