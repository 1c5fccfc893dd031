namespace ServerlessKomunitas.Rsvps;

/// <summary>A person's RSVP link to one event: the subject is the person's key, the actor the event, valid until the event starts.</summary>
public sealed class RsvpLinks(LinkSigner signer, IOptions<SiteOptions> site)
{
    public const string SubjectType = "rsvp";

    public string Token(string personKey, string eventId, DateTimeOffset until) =>
        signer.Sign(new SignedLink(personKey, LinkPurpose.Rsvp, eventId, 0, until, SubjectType));

    public string Page(string personKey, string eventId, DateTimeOffset until) =>
        site.Value.Link(ApiRoutes.ShowRsvp.PathWithKey(Token(personKey, eventId, until), eventId));
}
