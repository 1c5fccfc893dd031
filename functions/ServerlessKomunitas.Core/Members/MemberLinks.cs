namespace ServerlessKomunitas.Members;

/// <summary>
/// A member's links: the subject is the person's key, the actor the community joined, the round the sign-up attempt.
/// </summary>
public sealed class MemberLinks(LinkSigner signer, IOptions<SiteOptions> site)
{
    public const string SubjectType = "member";

    public string Confirm(string personKey, string communityId, int attempt, DateTimeOffset until) =>
        site.Value.Link(ApiRoutes.ConfirmMember.PathFor(signer.Sign(new SignedLink(personKey, LinkPurpose.Confirm, communityId, attempt, until, SubjectType))));

    public string Link(string path) => site.Value.Link(path);
}
