namespace ServerlessKomunitas.Proposals;

/// <summary>The signed links a proposal's contact acts through: confirm, edit (one round), withdraw, confirm the event.</summary>
public sealed class ProposalLinks(LinkSigner signer, IOptions<SiteOptions> site)
{
    public const string SubjectType = "proposal";
    public const string Contact = "contact";

    public string Confirm(Proposal p, DateTimeOffset until) => Url(ApiRoutes.ConfirmProposal, p, LinkPurpose.Confirm, 1, until);

    public string Edit(Proposal p, int round, DateTimeOffset until) => Url(ApiRoutes.EditProposal, p, LinkPurpose.Edit, round, until);

    /// <summary>Good until the event ends: after it, there is nothing left to withdraw.</summary>
    public string Withdraw(Proposal p) => Url(ApiRoutes.WithdrawProposal, p, LinkPurpose.Withdraw, 0, p.EndUtc);

    public string ConfirmEvent(Proposal p, DateTimeOffset until) => Url(ApiRoutes.ConfirmEvent, p, LinkPurpose.ConfirmEvent, 0, until);

    public string Status(Proposal p) => site.Value.Link(ProposalEndpoints.StatusUrl(p.Id));

    string Url(ApiRoute route, Proposal p, LinkPurpose purpose, int round, DateTimeOffset until) =>
        site.Value.Link(route.PathFor(signer.Sign(new SignedLink(p.Id, purpose, Contact, round, until, SubjectType))));
}
