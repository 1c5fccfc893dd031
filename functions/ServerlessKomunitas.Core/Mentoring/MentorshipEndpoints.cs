using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Mentoring;

/// <summary>
/// What the two participants do from their emails: the mentor answers the offer, each side checks in, either side
/// ends early or gives feedback, and both read the status page. Every GET only shows; every POST is authorized by
/// its signed token alone, stores first, then wakes the workflow.
/// </summary>
public sealed class MentorshipEndpoints(MentorshipStore store, PersonStore persons, LinkSigner links, MentorshipLinks mentorshipLinks,
    Engagement.ActivityLog activity, TimeProvider time, ILogger<MentorshipEndpoints> log)
{
    public const int MaxBodyBytes = 8 * 1024;

    public sealed record Answer(string Id, MentorshipStatus Status);

    public async Task<IResult> ShowOfferAsync(HttpRequest request, string token)
    {
        var (link, m, refusal) = await ResolveAsync(request, token, LinkPurpose.Respond);
        if (m is null)
        {
            return refusal!;
        }
        return OfferClosed(request, m, link!) ?? await OfferPageAsync(request, token, m, new FieldErrors(), StatusCodes.Status200OK);
    }

    public async Task<IResult> AnswerOfferAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (link, m, refusal) = await ResolveAsync(request, token, LinkPurpose.Respond);
        if (m is null)
        {
            return refusal!;
        }
        var (fields, problem) = await FieldsAsync(request, "decision");
        if (fields is null)
        {
            return problem!;
        }
        var decision = fields["decision"]?.Trim() switch { "accept" => "accept", "decline" => "decline", _ => null };
        if (decision is null)
        {
            var errors = new FieldErrors().Add("decision", "required", "Pilih bersedia (\"accept\") atau tidak (\"decline\").");
            return Negotiation.PrefersJson(request) ? Problems.Validation(errors) : await OfferPageAsync(request, token, m, errors, StatusCodes.Status400BadRequest);
        }
        var (row, changed) = await store.TransitionAsync(m, r => MentorshipTransitions.AnswerOffer(r, link!.Round, link.Actor, decision));
        if (changed || (row!.OfferAnswer == decision && row.OfferRound == link!.Round && row.Status == MentorshipStatus.Offered))
        {
            await client.RaiseOrLogAsync(row!.Id, MentorAnswered.EventFor(link!.Round), new MentorAnswered(decision == "accept"), log);
            return Done(request, row, decision == "accept" ? "Terima kasih" : "Jawaban tersimpan",
                decision == "accept" ? "Terima kasih bersedia menjadi mentor. Email pembuka untuk Anda berdua segera dikirim." : "Tidak apa-apa. Kami bertanya ke mentor berikutnya.");
        }
        return OfferClosed(request, row!, link!) ?? Conflict(request, row!, "Tawaran ini sudah dijawab.");
    }

    public async Task<IResult> ShowCheckInAsync(HttpRequest request, string token)
    {
        var (link, m, refusal) = await ResolveAsync(request, token, LinkPurpose.CheckIn);
        if (m is null)
        {
            return refusal!;
        }
        if (NotOpen(request, m) is { } closed)
        {
            return closed;
        }
        var existing = await store.CheckInAsync(m.Id, link!.Round, link.Actor, request.HttpContext.RequestAborted);
        if (existing is { Missed: false })
        {
            return Done(request, m, "Check-in sudah terkirim", "Check-in ini sudah Anda isi. Terima kasih.");
        }
        return MentorshipPages.CheckIn(token, link.Round, m.CheckInsPlanned, null, null, null, new FieldErrors());
    }

    public async Task<IResult> SubmitCheckInAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (link, m, refusal) = await ResolveAsync(request, token, LinkPurpose.CheckIn);
        if (m is null)
        {
            return refusal!;
        }
        if (NotOpen(request, m) is { } closed)
        {
            return closed;
        }
        var (fields, problem) = await FieldsAsync(request, "rating", "notes", "blockers");
        if (fields is null)
        {
            return problem!;
        }
        var errors = new FieldErrors();
        var rating = TextRules.Integer(errors, "rating", fields["rating"], 1, 5, required: true);
        var notes = TextRules.Text(errors, "notes", fields["notes"], 0, 1000, required: false, multiline: true);
        var blockers = TextRules.Text(errors, "blockers", fields["blockers"], 0, 1000, required: false, multiline: true);
        if (!errors.IsEmpty)
        {
            return Negotiation.PrefersJson(request) ? Problems.Validation(errors)
                : MentorshipPages.CheckIn(token, link!.Round, m.CheckInsPlanned, fields["rating"], fields["notes"], fields["blockers"], errors, StatusCodes.Status400BadRequest);
        }
        var stored = await store.SubmitCheckInAsync(new CheckIn
        {
            PartitionKey = m.Id, RowKey = CheckIn.RowOf(link!.Round, link.Actor), Number = link.Round, Role = link.Actor,
            Rating = rating, Notes = notes, Blockers = blockers, SubmittedAt = time.GetUtcNow(),
        }, request.HttpContext.RequestAborted);
        if (stored)
        {
            await client.RaiseOrLogAsync($"{m.Id}-checkin-{link.Round}-{link.Actor}", CheckInSubmitted.EventFor(link.Round, link.Actor), new CheckInSubmitted(), log);
            if (m.KeyOf(link.Actor) is { } personKey)
            {
                await persons.TouchAsync(personKey, time.GetUtcNow(), request.HttpContext.RequestAborted);
                await activity.CountAsync(m.CommunityId, personKey, Engagement.ActivityKind.CheckIn, time.GetUtcNow(), request.HttpContext.RequestAborted);
            }
        }
        return Done(request, m, "Check-in terkirim", stored ? "Terima kasih. Sampai check-in berikutnya." : "Check-in ini sudah Anda isi sebelumnya.");
    }

    public async Task<IResult> ShowEndAsync(HttpRequest request, string token)
    {
        var (_, m, refusal) = await ResolveAsync(request, token, LinkPurpose.End);
        if (m is null)
        {
            return refusal!;
        }
        return m.IsOver ? Over(request, m) : MentorshipPages.End(token, null, new FieldErrors());
    }

    public async Task<IResult> EndAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (link, m, refusal) = await ResolveAsync(request, token, LinkPurpose.End);
        if (m is null)
        {
            return refusal!;
        }
        var (fields, problem) = await FieldsAsync(request, "reason");
        if (fields is null)
        {
            return problem!;
        }
        var errors = new FieldErrors();
        var reason = TextRules.Text(errors, "reason", fields["reason"], 3, 500, required: true);
        if (!errors.IsEmpty)
        {
            return Negotiation.PrefersJson(request) ? Problems.Validation(errors) : MentorshipPages.End(token, fields["reason"], errors, StatusCodes.Status400BadRequest);
        }
        var now = time.GetUtcNow();
        var (row, changed) = await store.TransitionAsync(m, r => MentorshipTransitions.EndEarly(r, link!.Actor, reason!, now));
        if (!changed && row!.Status != MentorshipStatus.Ended)
        {
            return Over(request, row);
        }
        await client.RaiseOrLogAsync(row!.Id, MentorshipEnded.Event, new MentorshipEnded(), log);
        return Done(request, row, "Mentoring dihentikan", "Mentoring dihentikan. Kedua pihak mendapat email.");
    }

    public async Task<IResult> ShowFeedbackAsync(HttpRequest request, string token)
    {
        var (_, m, refusal) = await ResolveAsync(request, token, LinkPurpose.Feedback);
        if (m is null)
        {
            return refusal!;
        }
        return m.Status == MentorshipStatus.Feedback ? MentorshipPages.Feedback(token, null, null, new FieldErrors()) : Over(request, m);
    }

    public async Task<IResult> GiveFeedbackAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var (link, m, refusal) = await ResolveAsync(request, token, LinkPurpose.Feedback);
        if (m is null)
        {
            return refusal!;
        }
        if (m.Status != MentorshipStatus.Feedback)
        {
            return Over(request, m);
        }
        var (fields, problem) = await FieldsAsync(request, "rating", "comment");
        if (fields is null)
        {
            return problem!;
        }
        var errors = new FieldErrors();
        var rating = TextRules.Integer(errors, "rating", fields["rating"], 1, 5, required: true);
        var comment = TextRules.Text(errors, "comment", fields["comment"], 0, 1000, required: false, multiline: true);
        if (!errors.IsEmpty)
        {
            return Negotiation.PrefersJson(request) ? Problems.Validation(errors) : MentorshipPages.Feedback(token, fields["rating"], fields["comment"], errors, StatusCodes.Status400BadRequest);
        }
        var stored = await store.GiveFeedbackAsync(new MentorshipFeedback
        {
            PartitionKey = m.Id, RowKey = MentorshipFeedback.RowOf(link!.Actor), Role = link.Actor, Rating = rating!.Value, Comment = comment, SubmittedAt = time.GetUtcNow(),
        }, request.HttpContext.RequestAborted);
        // Raised again on a repeat: that repairs a crash between storing and raising.
        await client.RaiseOrLogAsync(m.Id, FeedbackGiven.EventFor(link.Actor), new FeedbackGiven(), log);
        return Done(request, m, "Terima kasih", stored ? "Umpan balik Anda tersimpan." : "Umpan balik Anda sudah tersimpan sebelumnya.");
    }

    /// <summary>The participants' status page, reached with the signed link from their emails (?k=).</summary>
    public async Task<IResult> StatusAsync(HttpRequest request, string id)
    {
        var (link, m, refusal) = await ResolveAsync(request, request.Query["k"].ToString(), LinkPurpose.View);
        if (m is null)
        {
            return refusal!;
        }
        if (m.Id != id)
        {
            return LinkPages.For(LinkProblem.WrongPurpose, !Negotiation.PrefersJson(request));
        }
        var cancellationToken = request.HttpContext.RequestAborted;
        var mentee = await persons.FindPersonAsync(m.MenteeKey, cancellationToken);
        var mentor = m.MentorKey is null ? null : await persons.FindPersonAsync(m.MentorKey, cancellationToken);
        var viewer = link!.Actor == MentorshipRoles.Mentee ? mentee : mentor;
        var now = time.GetUtcNow();
        var next = m.Status == MentorshipStatus.Active ? m.PlanOf(link.Actor).Where(t => t > now).Cast<DateTimeOffset?>().FirstOrDefault() : null;
        var checkIns = (await store.CheckInsAsync(m.Id, cancellationToken))
            .Select(c => new CheckInView(c.Number, c.Role, c.Missed, c.Rating, c.Role == link.Actor ? c.Notes : null))
            .OrderBy(c => c.Number).ThenBy(c => c.Role).ToList();
        var view = new MentorshipView(m.Id, m.Status, mentee?.Name ?? "-", mentor?.Name,
            m.MentorKey is null ? null : MentorshipEmails.Why(m), next, checkIns);
        if (Negotiation.PrefersJson(request))
        {
            return ApiResults.Ok(view);
        }
        return MentorshipPages.Status(view, viewer?.TimeZone ?? Regions.IndonesianTimeZone.WIB, m.IsOver ? null : mentorshipLinks.End(m.Id, link.Actor, now));
    }

    async Task<IResult> OfferPageAsync(HttpRequest request, string token, Mentorship m, FieldErrors errors, int status)
    {
        if (Negotiation.PrefersJson(request))
        {
            return errors.IsEmpty ? ApiResults.Ok(new Answer(m.Id, m.Status)) : Problems.Validation(errors);
        }
        var mentee = await persons.FindPersonAsync(m.MenteeKey, request.HttpContext.RequestAborted);
        return MentorshipPages.Offer(token, mentee?.Name ?? "-", mentee?.Profile,
            string.Join(", ", mentee?.Subsectors.Select(s => Registrations.Subsectors.Names.GetValueOrDefault(s, s)) ?? []), MentorshipEmails.Why(m), errors, status);
    }

    static IResult? OfferClosed(HttpRequest request, Mentorship m, SignedLink link) =>
        m.OfferRound != link.Round || m.MentorKey != link.Actor
            ? LinkPages.Superseded(!Negotiation.PrefersJson(request))
            : m.Status == MentorshipStatus.Offered && m.OfferAnswer is null ? null
            : m.IsOver ? Over(request, m)
            : Done(request, m, "Tawaran sudah dijawab", "Tawaran ini sudah dijawab. Tidak ada yang perlu Anda lakukan.");

    static IResult? NotOpen(HttpRequest request, Mentorship m) => m.Status == MentorshipStatus.Active ? null : Over(request, m);

    static IResult Over(HttpRequest request, Mentorship m) => Conflict(request, m, m.Status switch
    {
        MentorshipStatus.Ended => "Mentoring ini sudah dihentikan.",
        MentorshipStatus.Completed => "Mentoring ini sudah selesai.",
        MentorshipStatus.Feedback => "Check-in sudah ditutup; kini saatnya umpan balik.",
        _ => $"Langkah ini tidak tersedia saat mentoring berstatus: {MentorshipPages.StatusName(m.Status)}.",
    });

    static IResult Conflict(HttpRequest request, Mentorship m, string reason) => Negotiation.PrefersJson(request)
        ? Problems.Of(StatusCodes.Status409Conflict, "invalid-transition", "The mentorship is not in a state that allows this.", reason,
            new() { ["currentStatus"] = m.StatusName })
        : MentorshipPages.Message("Tidak dapat diproses", reason, StatusCodes.Status409Conflict, " warn");

    static IResult Done(HttpRequest request, Mentorship m, string title, string message) =>
        Negotiation.PrefersJson(request) ? ApiResults.Ok(new Answer(m.Id, m.Status)) : MentorshipPages.Message(title, message, tone: " ok");

    static async Task<(Dictionary<string, string?>? Fields, IResult? Problem)> FieldsAsync(HttpRequest request, params string[] names)
    {
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return (null, problem);
        }
        using (body)
        {
            return (names.ToDictionary(n => n, body.Text), null);
        }
    }

    async Task<(SignedLink?, Mentorship?, IResult?)> ResolveAsync(HttpRequest request, string token, LinkPurpose purpose)
    {
        var html = !Negotiation.PrefersJson(request);
        var check = links.Verify(token, purpose);
        if (check.Link is { SubjectType: not MentorshipLinks.SubjectType })
        {
            return (null, null, LinkPages.For(LinkProblem.WrongPurpose, html));
        }
        if (!check.IsValid)
        {
            return (null, null, LinkPages.For(check.Problem, html));
        }
        var m = await store.FindAsync(check.Link!.Subject, request.HttpContext.RequestAborted);
        return m is null ? (null, null, LinkPages.UnknownSubject(html)) : (check.Link, m, null);
    }

}
