namespace ServerlessKomunitas.Listings;

/// <summary>
/// The contact's link to their community's directory page (opt in, edit, withdraw), for a year: the subject is the
/// community's id, and the page checks that the community still has a contact. Ids only: nothing personal in the URL.
/// </summary>
public sealed class DirectoryLinks(LinkSigner signer, IOptions<SiteOptions> site, TimeProvider time)
{
    public const string SubjectType = "community";

    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);

    public string Listing(string communityId) =>
        site.Value.Link(ApiRoutes.ShowListing.PathWithKey(signer.Sign(new SignedLink(communityId, LinkPurpose.Listing, "contact", 0, time.GetUtcNow() + Lifetime, SubjectType))));

    public string Profile(string communityId) => site.Value.Link(ApiRoutes.DirectoryProfile.PathFor(communityId));
}
