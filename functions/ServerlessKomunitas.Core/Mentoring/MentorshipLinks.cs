namespace ServerlessKomunitas.Mentoring;

/// <summary>The links of a mentorship: subject the mentorship, actor the role (or the asked mentor's key), round the offer or check-in.</summary>
public sealed class MentorshipLinks(LinkSigner signer, IOptions<SiteOptions> site)
{
    public const string SubjectType = "mentorship";

    /// <summary>Long enough for every link of a programme; each page checks the mentorship's state anyway.</summary>
    static readonly TimeSpan Lifetime = TimeSpan.FromDays(400);

    public string Offer(string mentorshipId, string mentorKey, int round, DateTimeOffset until) =>
        Url(ApiRoutes.AnswerMentorOffer, mentorshipId, LinkPurpose.Respond, mentorKey, round, until);

    public string CheckIn(string mentorshipId, string role, int number, DateTimeOffset now) =>
        Url(ApiRoutes.SubmitCheckIn, mentorshipId, LinkPurpose.CheckIn, role, number, now + Lifetime);

    public string Status(string mentorshipId, string role, DateTimeOffset now) =>
        site.Value.Link(ApiRoutes.MentorshipStatus.PathWithKey(signer.Sign(new SignedLink(mentorshipId, LinkPurpose.View, role, 0, now + Lifetime, SubjectType)), mentorshipId));

    public string End(string mentorshipId, string role, DateTimeOffset now) =>
        Url(ApiRoutes.EndMentorship, mentorshipId, LinkPurpose.End, role, 0, now + Lifetime);

    public string Feedback(string mentorshipId, string role, DateTimeOffset now) =>
        Url(ApiRoutes.GiveMentorshipFeedback, mentorshipId, LinkPurpose.Feedback, role, 0, now + Lifetime);

    string Url(ApiRoute route, string mentorshipId, LinkPurpose purpose, string actor, int round, DateTimeOffset until) =>
        site.Value.Link(route.PathFor(signer.Sign(new SignedLink(mentorshipId, purpose, actor, round, until, SubjectType))));
}
