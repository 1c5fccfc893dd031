namespace ServerlessKomunitas.Preferences;

/// <summary>
/// A person's preference links: the page (a year), one-click unsubscribe from one category (a year; the actor is
/// the category), and the re-confirmation of a suppressed address (two days). The subject is the person's key.
/// </summary>
public sealed class PreferenceLinks(LinkSigner signer, IOptions<SiteOptions> site, TimeProvider time)
{
    public const string SubjectType = "person";

    public string Page(string personKey) =>
        site.Value.Link(ApiRoutes.ShowPreferences.PathWithKey(signer.Sign(new SignedLink(personKey, LinkPurpose.Preferences, "self", 0, time.GetUtcNow().AddDays(365), SubjectType))));

    public string Unsubscribe(string personKey, EmailCategory category) =>
        site.Value.Link(ApiRoutes.Unsubscribe.PathWithKey(signer.Sign(new SignedLink(personKey, LinkPurpose.Unsubscribe, category.Slug(), 0, time.GetUtcNow().AddDays(365), SubjectType))));

    public string ConfirmAddress(string personKey) =>
        site.Value.Link(ApiRoutes.ConfirmAddress.PathWithKey(signer.Sign(new SignedLink(personKey, LinkPurpose.ConfirmAddress, "self", 0, time.GetUtcNow().AddDays(2), SubjectType))));

    /// <summary>The "Data saya" page: the person's data rights (UU PDP), for a day.</summary>
    public string MyData(string personKey) => MyData(personKey, TimeSpan.FromDays(1));

    public string MyData(string personKey, TimeSpan lifetime) =>
        site.Value.Link(ApiRoutes.MyData.PathWithKey(signer.Sign(new SignedLink(personKey, LinkPurpose.MyData, "self", 0, time.GetUtcNow() + lifetime, SubjectType))));

    /// <summary>The RFC 8058 headers of a category email: one-click unsubscribe from that category by POST.</summary>
    public IReadOnlyDictionary<string, string> Headers(string personKey, EmailCategory category) => new Dictionary<string, string>
    {
        ["List-Unsubscribe"] = $"<{Unsubscribe(personKey, category)}>",
        ["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click",
    };
}
