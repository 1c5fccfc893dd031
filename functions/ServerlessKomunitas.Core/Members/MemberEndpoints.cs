using ServerlessKomunitas.Abuse;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Members;

/// <summary>Member sign-up (form and JSON) and its double opt-in link: the GET shows a page, the POST confirms.</summary>
public sealed class MemberEndpoints(
    MemberValidator validator,
    MemberIntake intake,
    PersonStore persons,
    RegistrationStore communities,
    RegionDirectory regions,
    LinkSigner links,
    Mentoring.MentorshipStarter mentorships,
    IOptions<ConsentOptions> consent,
    IOptions<RateLimitOptions> limits,
    TimeProvider time,
    ILogger<MemberEndpoints> log,
    Abuse.FormTiming formTiming)
{
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>What a sign-up answers: never the person's key (it derives from the address) and nothing they did not send.</summary>
    public sealed record Receipt(string CommunityId, MembershipStatus Status, bool Duplicate);

    public sealed record ConfirmationResult(string CommunityId, MembershipStatus Status);

    public async Task<IResult> FormAsync(HttpRequest request)
    {
        var communityId = request.Query["community"].ToString();
        var community = RecordId.IsWellFormed(communityId) ? await communities.FindAsync(communityId, request.HttpContext.RequestAborted) : null;
        return MemberPages.Form(await regions.ProvincesAsync(request.HttpContext.RequestAborted), new MemberInput { CommunityId = communityId },
            new FieldErrors(), consent.Value.CurrentVersion, community?.Status == RegistrationStatus.Approved ? community.Name : null, formTiming.Stamp());
    }

    public async Task<IResult> SignUpAsync(HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var browser = RequestBody.IsFormPost(request) && Negotiation.PrefersHtml(request);
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return browser ? await FormAgainAsync(new MemberInput(), new FieldErrors().Add("body", "too-large", "Isian terlalu panjang."), StatusCodes.Status413PayloadTooLarge, cancellationToken) : problem!;
        }
        using (body)
        {
            var input = body.IsForm ? MemberInput.FromForm(body.Form!) : MemberInput.FromJson(body.Json!.RootElement);
            formTiming.Check(body, input.TypeErrors);
            var (member, errors) = await validator.ValidateAsync(input, cancellationToken);
            if (member is null)
            {
                return browser ? await FormAgainAsync(input, errors, StatusCodes.Status400BadRequest, cancellationToken) : Problems.Validation(errors);
            }
            var outcome = await intake.SubmitAsync(member, ClientAddress.HashOf(request, limits.Value), client, cancellationToken);
            return await outcome.AnswerAsync(browser, (errors, status) => FormAgainAsync(input, errors, status, cancellationToken), ThankYou,
                (signUp, duplicate) => Results.Json(new Receipt(signUp.Membership.CommunityId, signUp.Membership.Status, duplicate), ApiJson.Options,
                    statusCode: StatusCodes.Status202Accepted));
        }
    }

    /// <summary>The same page whatever the address's history, so that the form does not tell who is a member.</summary>
    static IResult ThankYou(SignUp signUp) => MemberPages.Message("Cek email Anda",
        $"Terima kasih. Jika alamat ini belum terdaftar di {signUp.Membership.CommunityName}, kami mengirim email konfirmasi ke sana. Buka tautan di email itu untuk mengaktifkan keanggotaan.");

    async Task<IResult> FormAgainAsync(MemberInput input, FieldErrors errors, int status, CancellationToken cancellationToken) =>
        MemberPages.Form(await regions.ProvincesAsync(cancellationToken), input, errors, consent.Value.CurrentVersion, null, formTiming.Stamp(), status);

    public async Task<IResult> ShowConfirmAsync(HttpRequest request, string token)
    {
        var html = !Negotiation.PrefersJson(request);
        var (link, membership, refusal) = await ResolveAsync(token, html, request.HttpContext.RequestAborted);
        if (membership is null)
        {
            return refusal!;
        }
        if (!html)
        {
            return ApiResults.Ok(new ConfirmationResult(membership.CommunityId, membership.Status));
        }
        return membership.Status == MembershipStatus.Unconfirmed ? MemberPages.ConfirmPage(membership.CommunityName, token) : Settled(membership, html);
    }

    /// <summary>Authorized by the signed token alone (no cookies): only the address that received it can confirm.</summary>
    public async Task<IResult> ConfirmAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var html = !Negotiation.PrefersJson(request);
        var (link, membership, refusal) = await ResolveAsync(token, html, cancellationToken);
        if (membership is null)
        {
            return refusal!;
        }
        var (rows, changed) = await persons.ConfirmAsync(link!.Subject, link.Actor, link.Round, time.GetUtcNow(), cancellationToken);
        var current = rows.Of(link.Actor) ?? membership;
        if (changed || current.Status == MembershipStatus.Confirmed)
        {
            // Raised (and the mentor request started) again on a repeated POST: that repairs a crash right after the transition.
            await client.RaiseOrLogAsync(Membership.InstanceIdOf(link.Subject, link.Actor, link.Round), MembershipConfirmed.Event, new MembershipConfirmed(), log, cancellationToken);
            if (rows.Person is { WantsMentor: true })
            {
                await mentorships.StartAsync(client, link.Subject, link.Actor, cancellationToken);
            }
        }
        if (changed)
        {
            return html
                ? MemberPages.Message("Keanggotaan aktif", $"Terima kasih. Anda kini anggota {current.CommunityName}. Email sambutan sedang dikirim.", tone: " ok")
                : ApiResults.Ok(new ConfirmationResult(current.CommunityId, MembershipStatus.Confirmed));
        }
        return Settled(current, html);
    }

    static IResult Settled(Membership membership, bool html) => membership.Status switch
    {
        MembershipStatus.Confirmed => html
            ? MemberPages.Message("Sudah terkonfirmasi", $"Keanggotaan Anda di {membership.CommunityName} sudah aktif. Tidak ada yang perlu Anda lakukan.")
            : ApiResults.Ok(new ConfirmationResult(membership.CommunityId, membership.Status)),
        _ => html
            ? MemberPages.Message("Pendaftaran kedaluwarsa", "Pendaftaran ini tidak dikonfirmasi tepat waktu dan sudah dihapus. Silakan daftar lagi.", StatusCodes.Status410Gone, " warn")
            : Problems.Of(StatusCodes.Status410Gone, "sign-up-expired", "The sign-up expired.", "Pendaftaran ini kedaluwarsa. Silakan daftar lagi."),
    };

    async Task<(SignedLink?, Membership?, IResult?)> ResolveAsync(string token, bool html, CancellationToken cancellationToken)
    {
        var check = links.Verify(token, LinkPurpose.Confirm);
        if (check.Link is { SubjectType: not MemberLinks.SubjectType })
        {
            return (null, null, LinkPages.For(LinkProblem.WrongPurpose, html));
        }
        if (!check.IsValid)
        {
            return (null, null, LinkPages.For(check.Problem, html));
        }
        var link = check.Link!;
        var rows = await persons.ReadAsync(link.Subject, cancellationToken);
        var membership = rows.Of(link.Actor);
        if (membership is null)
        {
            return (null, null, LinkPages.UnknownSubject(html));
        }
        if (membership.Attempt != link.Round)
        {
            return (null, null, LinkPages.Superseded(html));
        }
        // A person deleted at expiry leaves the membership row without them: the sign-up is over.
        return rows.Person is null ? (link, new Membership { CommunityId = membership.CommunityId, CommunityName = membership.CommunityName, StatusName = nameof(MembershipStatus.Expired) }, null)
            : (link, membership, null);
    }
}
