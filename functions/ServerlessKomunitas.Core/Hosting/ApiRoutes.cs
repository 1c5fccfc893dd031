namespace ServerlessKomunitas.Hosting;

/// <summary>Who may call a route: anyone, or an operator holding the function key (Azure) or admin key (Local).</summary>
public enum RouteAccess
{
    Anonymous,
    Operator,
}

/// <summary>One HTTP route, described once for both hosts. <see cref="Template"/> is relative to the <c>/api</c> prefix.</summary>
public sealed record ApiRoute(string Name, string Method, string Template, RouteAccess Access)
{
    public const string Prefix = "api";

    /// <summary>The query parameter that carries a signed link's token on routes whose path has no token.</summary>
    public const string KeyParameter = "k";

    public string Path => $"/{Prefix}/{Template}";

    /// <summary>
    /// This route's path with its <c>{parameters}</c> filled in the template's order, each escaped as a path segment.
    /// Every link in an email, form action and <c>Location</c> is made here, so a renamed route renames its links.
    /// </summary>
    public string PathFor(params ReadOnlySpan<string> values)
    {
        var segments = Template.Split('/');
        var filled = 0;
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
            {
                if (filled == values.Length)
                {
                    throw new ArgumentException($"Route {Name} ({Template}) needs more than {values.Length} value(s).", nameof(values));
                }
                segments[i] = Uri.EscapeDataString(values[filled++]);
            }
        }
        if (filled != values.Length)
        {
            throw new ArgumentException($"Route {Name} ({Template}) takes {filled} value(s), not {values.Length}.", nameof(values));
        }
        return $"/{Prefix}/{string.Join('/', segments)}";
    }

    /// <summary>This route's path, filled as by <see cref="PathFor"/>, with a signed link's token in <see cref="KeyParameter"/>.</summary>
    public string PathWithKey(string token, params ReadOnlySpan<string> values) =>
        $"{PathFor(values)}?{KeyParameter}={Uri.EscapeDataString(token)}";

    /// <summary>
    /// Whether a request to <paramref name="path"/> (no query) with <paramref name="method"/> is this route: the same
    /// method and literal segments, and a non-empty segment for each <c>{parameter}</c>. The inverse of <see cref="PathFor"/>.
    /// </summary>
    public bool Matches(string path, string method)
    {
        var prefix = $"/{Prefix}/";
        if (method != Method || !path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }
        var template = Template.Split('/');
        var segments = path[prefix.Length..].Split('/');
        return template.Length == segments.Length
            && template.Zip(segments).All(pair => pair.Second.Length > 0 && (pair.First.StartsWith('{') || pair.First == pair.Second));
    }
}

/// <summary>
/// The single list of HTTP routes. The Functions triggers and the Local host both map exactly these;
/// parity tests hold them to it. Templates are constants so that trigger attributes can use them.
/// </summary>
public static class ApiRoutes
{
    public static class Templates
    {
        public const string Home = "beranda";
        public const string Health = "health";
        public const string OpenApi = "openapi.json";
        public const string Stylesheet = "assets/site.css";
        public const string RegistrationForm = "daftar";
        public const string Communities = "communities";
        public const string Community = "communities/{id}";
        public const string Confirmation = "confirmations/{token}";
        public const string Approval = "approvals/{token}";
        public const string ProposalForm = "usulan";
        public const string Proposals = "proposals";
        public const string Proposal = "proposals/{id}";
        public const string ProposalConfirmation = "proposals/confirm/{token}";
        public const string ProposalEdit = "proposals/edit/{token}";
        public const string ProposalWithdrawal = "proposals/withdraw/{token}";
        public const string EventConfirmation = "proposals/confirm-event/{token}";
        public const string MemberForm = "gabung";
        public const string Members = "members";
        public const string MemberConfirmation = "members/confirm/{token}";
        public const string MentorOffer = "mentorships/offer/{token}";
        public const string MentorshipCheckIn = "mentorships/checkin/{token}";
        public const string MentorshipEnd = "mentorships/end/{token}";
        public const string MentorshipFeedback = "mentorships/feedback/{token}";
        public const string Mentorship = "mentorships/{id}";
        public const string Events = "events";
        public const string EventFeed = "events.ics";
        public const string EventRsvp = "events/{id}/rsvp";
        public const string Preferences = "preferences";
        public const string AddressConfirmation = "preferences/address";
        public const string Unsubscribe = "unsubscribe";
        public const string SendGridWebhook = "webhooks/sendgrid";
        public const string TwilioWebhook = "webhooks/twilio";
        public const string WhatsAppPreferences = "preferences/whatsapp";
        public const string InboxWhatsApp = "inbox/whatsapp";
        public const string WhatsAppConfirmation = "whatsapp/confirm";
        public const string Inbox = "inbox";
        public const string InboxLink = "inbox/link";
        public const string MyData = "my-data";
        public const string MyDataExport = "my-data/export";
        public const string MyDataWithdraw = "my-data/withdraw";
        public const string MyDataDelete = "my-data/delete";
        public const string Breach = "operator/breach";
        public const string Policies = "operator/policies";
        public const string Policy = "operator/policies/{kind}/{scope}";
        public const string Coordinators = "operator/coordinators";
        public const string Coordinator = "operator/coordinators/{id}";
        public const string Challenge = "operator/challenges/{week}/{subsector}";
        public const string MapArea = "map/{code}";
        public const string OpenData = "open-data/{file}";
        public const string Directory = "directory";
        public const string DirectoryProfile = "directory/{id}";
        public const string Listing = "listing";
    }

    public static readonly ApiRoute Home = new(nameof(Home), "GET", Templates.Home, RouteAccess.Anonymous);
    public static readonly ApiRoute Health = new(nameof(Health), "GET", Templates.Health, RouteAccess.Anonymous);
    public static readonly ApiRoute OpenApi = new(nameof(OpenApi), "GET", Templates.OpenApi, RouteAccess.Anonymous);
    public static readonly ApiRoute Stylesheet = new(nameof(Stylesheet), "GET", Templates.Stylesheet, RouteAccess.Anonymous);
    public static readonly ApiRoute RegistrationForm = new(nameof(RegistrationForm), "GET", Templates.RegistrationForm, RouteAccess.Anonymous);
    public static readonly ApiRoute SubmitRegistration = new(nameof(SubmitRegistration), "POST", Templates.Communities, RouteAccess.Anonymous);
    public static readonly ApiRoute RegistrationStatus = new(nameof(RegistrationStatus), "GET", Templates.Community, RouteAccess.Anonymous);

    public static readonly ApiRoute ShowConfirmation = new(nameof(ShowConfirmation), "GET", Templates.Confirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute Confirm = new(nameof(Confirm), "POST", Templates.Confirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowApproval = new(nameof(ShowApproval), "GET", Templates.Approval, RouteAccess.Anonymous);
    public static readonly ApiRoute Decide = new(nameof(Decide), "POST", Templates.Approval, RouteAccess.Anonymous);

    public static readonly ApiRoute ProposalForm = new(nameof(ProposalForm), "GET", Templates.ProposalForm, RouteAccess.Anonymous);
    public static readonly ApiRoute SubmitProposal = new(nameof(SubmitProposal), "POST", Templates.Proposals, RouteAccess.Anonymous);
    public static readonly ApiRoute ProposalStatus = new(nameof(ProposalStatus), "GET", Templates.Proposal, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowProposalConfirmation = new(nameof(ShowProposalConfirmation), "GET", Templates.ProposalConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ConfirmProposal = new(nameof(ConfirmProposal), "POST", Templates.ProposalConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowProposalEdit = new(nameof(ShowProposalEdit), "GET", Templates.ProposalEdit, RouteAccess.Anonymous);
    public static readonly ApiRoute EditProposal = new(nameof(EditProposal), "POST", Templates.ProposalEdit, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowProposalWithdrawal = new(nameof(ShowProposalWithdrawal), "GET", Templates.ProposalWithdrawal, RouteAccess.Anonymous);
    public static readonly ApiRoute WithdrawProposal = new(nameof(WithdrawProposal), "POST", Templates.ProposalWithdrawal, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowEventConfirmation = new(nameof(ShowEventConfirmation), "GET", Templates.EventConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ConfirmEvent = new(nameof(ConfirmEvent), "POST", Templates.EventConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute MemberForm = new(nameof(MemberForm), "GET", Templates.MemberForm, RouteAccess.Anonymous);
    public static readonly ApiRoute SignUpMember = new(nameof(SignUpMember), "POST", Templates.Members, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowMemberConfirmation = new(nameof(ShowMemberConfirmation), "GET", Templates.MemberConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ConfirmMember = new(nameof(ConfirmMember), "POST", Templates.MemberConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowMentorOffer = new(nameof(ShowMentorOffer), "GET", Templates.MentorOffer, RouteAccess.Anonymous);
    public static readonly ApiRoute AnswerMentorOffer = new(nameof(AnswerMentorOffer), "POST", Templates.MentorOffer, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowCheckIn = new(nameof(ShowCheckIn), "GET", Templates.MentorshipCheckIn, RouteAccess.Anonymous);
    public static readonly ApiRoute SubmitCheckIn = new(nameof(SubmitCheckIn), "POST", Templates.MentorshipCheckIn, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowMentorshipEnd = new(nameof(ShowMentorshipEnd), "GET", Templates.MentorshipEnd, RouteAccess.Anonymous);
    public static readonly ApiRoute EndMentorship = new(nameof(EndMentorship), "POST", Templates.MentorshipEnd, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowMentorshipFeedback = new(nameof(ShowMentorshipFeedback), "GET", Templates.MentorshipFeedback, RouteAccess.Anonymous);
    public static readonly ApiRoute GiveMentorshipFeedback = new(nameof(GiveMentorshipFeedback), "POST", Templates.MentorshipFeedback, RouteAccess.Anonymous);
    public static readonly ApiRoute MentorshipStatus = new(nameof(MentorshipStatus), "GET", Templates.Mentorship, RouteAccess.Anonymous);
    public static readonly ApiRoute ListEvents = new(nameof(ListEvents), "GET", Templates.Events, RouteAccess.Anonymous);
    public static readonly ApiRoute EventFeed = new(nameof(EventFeed), "GET", Templates.EventFeed, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowRsvp = new(nameof(ShowRsvp), "GET", Templates.EventRsvp, RouteAccess.Anonymous);
    public static readonly ApiRoute Rsvp = new(nameof(Rsvp), "POST", Templates.EventRsvp, RouteAccess.Anonymous);
    public static readonly ApiRoute CancelRsvp = new(nameof(CancelRsvp), "DELETE", Templates.EventRsvp, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowPreferences = new(nameof(ShowPreferences), "GET", Templates.Preferences, RouteAccess.Anonymous);
    public static readonly ApiRoute SavePreferences = new(nameof(SavePreferences), "POST", Templates.Preferences, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowAddressConfirmation = new(nameof(ShowAddressConfirmation), "GET", Templates.AddressConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ConfirmAddress = new(nameof(ConfirmAddress), "POST", Templates.AddressConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowUnsubscribe = new(nameof(ShowUnsubscribe), "GET", Templates.Unsubscribe, RouteAccess.Anonymous);
    public static readonly ApiRoute Unsubscribe = new(nameof(Unsubscribe), "POST", Templates.Unsubscribe, RouteAccess.Anonymous);
    public static readonly ApiRoute SendGridEvents = new(nameof(SendGridEvents), "POST", Templates.SendGridWebhook, RouteAccess.Anonymous);
    public static readonly ApiRoute TwilioEvents = new(nameof(TwilioEvents), "POST", Templates.TwilioWebhook, RouteAccess.Anonymous);
    public static readonly ApiRoute ChangeWhatsApp = new(nameof(ChangeWhatsApp), "POST", Templates.WhatsAppPreferences, RouteAccess.Anonymous);
    public static readonly ApiRoute ChangeCoordinatorWhatsApp = new(nameof(ChangeCoordinatorWhatsApp), "POST", Templates.InboxWhatsApp, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowWhatsAppConfirmation = new(nameof(ShowWhatsAppConfirmation), "GET", Templates.WhatsAppConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ConfirmWhatsApp = new(nameof(ConfirmWhatsApp), "POST", Templates.WhatsAppConfirmation, RouteAccess.Anonymous);
    public static readonly ApiRoute ApproverInbox = new(nameof(ApproverInbox), "GET", Templates.Inbox, RouteAccess.Anonymous);
    public static readonly ApiRoute InboxLinkForm = new(nameof(InboxLinkForm), "GET", Templates.InboxLink, RouteAccess.Anonymous);
    public static readonly ApiRoute RequestInboxLink = new(nameof(RequestInboxLink), "POST", Templates.InboxLink, RouteAccess.Anonymous);
    public static readonly ApiRoute MyData = new(nameof(MyData), "GET", Templates.MyData, RouteAccess.Anonymous);
    public static readonly ApiRoute ExportMyData = new(nameof(ExportMyData), "GET", Templates.MyDataExport, RouteAccess.Anonymous);
    public static readonly ApiRoute WithdrawConsent = new(nameof(WithdrawConsent), "POST", Templates.MyDataWithdraw, RouteAccess.Anonymous);
    public static readonly ApiRoute EraseMyData = new(nameof(EraseMyData), "POST", Templates.MyDataDelete, RouteAccess.Anonymous);
    public static readonly ApiRoute ListPolicies = new(nameof(ListPolicies), "GET", Templates.Policies, RouteAccess.Operator);
    public static readonly ApiRoute PutPolicy = new(nameof(PutPolicy), "PUT", Templates.Policy, RouteAccess.Operator);
    public static readonly ApiRoute DeletePolicy = new(nameof(DeletePolicy), "DELETE", Templates.Policy, RouteAccess.Operator);
    public static readonly ApiRoute ListCoordinators = new(nameof(ListCoordinators), "GET", Templates.Coordinators, RouteAccess.Operator);
    public static readonly ApiRoute PutCoordinator = new(nameof(PutCoordinator), "PUT", Templates.Coordinator, RouteAccess.Operator);
    public static readonly ApiRoute PutChallenge = new(nameof(PutChallenge), "PUT", Templates.Challenge, RouteAccess.Operator);
    public static readonly ApiRoute BreachReport = new(nameof(BreachReport), "GET", Templates.Breach, RouteAccess.Operator);
    public static readonly ApiRoute MapArea = new(nameof(MapArea), "GET", Templates.MapArea, RouteAccess.Anonymous);
    public static readonly ApiRoute OpenData = new(nameof(OpenData), "GET", Templates.OpenData, RouteAccess.Anonymous);
    public static readonly ApiRoute Directory = new(nameof(Directory), "GET", Templates.Directory, RouteAccess.Anonymous);
    public static readonly ApiRoute DirectoryProfile = new(nameof(DirectoryProfile), "GET", Templates.DirectoryProfile, RouteAccess.Anonymous);
    public static readonly ApiRoute ShowListing = new(nameof(ShowListing), "GET", Templates.Listing, RouteAccess.Anonymous);
    public static readonly ApiRoute SaveListing = new(nameof(SaveListing), "POST", Templates.Listing, RouteAccess.Anonymous);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Home, Health, OpenApi, Stylesheet, RegistrationForm, SubmitRegistration, RegistrationStatus, ShowConfirmation, Confirm, ShowApproval, Decide, ApproverInbox, InboxLinkForm, RequestInboxLink,
        ProposalForm, SubmitProposal, ProposalStatus, ShowProposalConfirmation, ConfirmProposal, ShowProposalEdit, EditProposal,
        ShowProposalWithdrawal, WithdrawProposal, ShowEventConfirmation, ConfirmEvent, ListEvents, EventFeed, ShowRsvp, Rsvp, CancelRsvp,
        ShowPreferences, SavePreferences, ShowAddressConfirmation, ConfirmAddress, ShowUnsubscribe, Unsubscribe, SendGridEvents, TwilioEvents,
        ChangeWhatsApp, ChangeCoordinatorWhatsApp, ShowWhatsAppConfirmation, ConfirmWhatsApp, MyData, ExportMyData, WithdrawConsent, EraseMyData,
        MemberForm, SignUpMember, ShowMemberConfirmation, ConfirmMember,
        ShowMentorOffer, AnswerMentorOffer, ShowCheckIn, SubmitCheckIn, ShowMentorshipEnd, EndMentorship,
        ShowMentorshipFeedback, GiveMentorshipFeedback, MentorshipStatus,
        MapArea, OpenData, Directory, DirectoryProfile, ShowListing, SaveListing,
        ListPolicies, PutPolicy, DeletePolicy, ListCoordinators, PutCoordinator, PutChallenge, BreachReport,
    ];
}
