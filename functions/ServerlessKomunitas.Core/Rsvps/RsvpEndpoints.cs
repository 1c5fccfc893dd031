using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Rsvps;

/// <summary>
/// RSVPs over HTTP. A member acts with the signed link from their email (<c>?k=</c>): GET shows their RSVP, POST
/// attends (or cancels, from the page's form), DELETE cancels. Without a link, POST takes an address and emails its
/// link, answering the same whether the address is known or not.
/// </summary>
public sealed class RsvpEndpoints(EventRsvps rsvps, RsvpStore store, LinkSigner links, Abuse.FormTiming formTiming,
    Microsoft.Extensions.Options.IOptions<Abuse.RateLimitOptions> limits)
{
    public const int MaxBodyBytes = 4 * 1024;

    public sealed record Answer(string EventId, string Status);

    public async Task<IResult> ShowAsync(HttpRequest request, string id)
    {
        var (e, refusal) = await OpenEventAsync(request, id);
        if (e is null)
        {
            return refusal!;
        }
        if (request.Query["k"].ToString() is not { Length: > 0 } token)
        {
            return RsvpPages.AskForLink(e.Entry, null, new FieldErrors(), formTiming.Stamp());
        }
        var (person, denied) = await MemberAsync(request, e, token);
        if (person is null)
        {
            return denied!;
        }
        var mine = await store.FindAsync(id, person.Key, request.HttpContext.RequestAborted);
        var status = mine?.Status is RsvpStatus.Cancelled ? null : mine?.Status;
        if (Negotiation.PrefersJson(request))
        {
            return ApiResults.Ok(new Answer(id, Name(status)));
        }
        var seats = await store.SeatsAsync(id, request.HttpContext.RequestAborted);
        return RsvpPages.Rsvp(e.Entry, person, status, token, e.Entry.Capacity - (seats?.Attending ?? 0));
    }

    public async Task<IResult> RsvpAsync(HttpRequest request, string id)
    {
        var (e, refusal) = await OpenEventAsync(request, id);
        if (e is null)
        {
            return refusal!;
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return problem!;
        }
        using (body)
        {
            // Every field sent must be valid, whichever of them this request uses.
            var fieldErrors = new FieldErrors();
            if (body.IsMistyped("k"))
            {
                fieldErrors.Add("k", "invalid", "Tautan harus berupa teks.");
            }
            if (body.IsMistyped("email") || body.Text("email") is { Length: > 0 })
            {
                EmailAddress.Validate(fieldErrors, "email", body.IsMistyped("email") ? "" : body.Text("email"));
            }
            if (!fieldErrors.IsEmpty)
            {
                return Negotiation.PrefersJson(request) || !body.IsForm ? Problems.Validation(fieldErrors) : RsvpPages.AskForLink(e.Entry, body.Text("email"), fieldErrors, formTiming.Stamp(), StatusCodes.Status400BadRequest);
            }
            var token = request.Query["k"].ToString() is { Length: > 0 } fromQuery ? fromQuery : body.Text("k");
            if (token is { Length: > 0 })
            {
                var actionErrors = new FieldErrors();
                if (body.Choice(actionErrors, "action", "attend", "Pilih \"attend\" (hadir) atau \"cancel\" (batal).", "attend", "cancel") is not { } action)
                {
                    return Problems.Validation(actionErrors);
                }
                return await ChangeAsync(request, e, token, cancel: action == "cancel");
            }
            // An anonymous form: the bot trap and the fill time, as on the create forms.
            var errors = FieldErrors.StartingWith(new FieldErrors(), body.IsForm ? body.Text(FieldErrors.Honeypot) : null);
            var email = EmailAddress.Validate(errors, "email", body.Text("email"));
            formTiming.Check(body, errors);
            if (!errors.IsEmpty)
            {
                return Negotiation.PrefersJson(request) ? Problems.Validation(errors) : RsvpPages.AskForLink(e.Entry, body.Text("email"), errors, formTiming.Stamp(), StatusCodes.Status400BadRequest);
            }
            var allowed = await rsvps.RequestLinkAsync(e, email!, Abuse.ClientAddress.HashOf(request, limits.Value), request.HttpContext.RequestAborted);
            if (!allowed.Allowed)
            {
                const string message = "Terlalu banyak permintaan dari jaringan Anda. Coba lagi nanti.";
                return Negotiation.PrefersJson(request)
                    ? Problems.TooManyRequests("email", message, allowed.RetryAfter)
                    : RsvpPages.AskForLink(e.Entry, body.Text("email"), new FieldErrors().Add("email", "rate-limited", message), formTiming.Stamp(), StatusCodes.Status429TooManyRequests);
            }
            return Negotiation.PrefersJson(request)
                ? Results.Json(new Answer(id, "link-sent"), ApiJson.Options, statusCode: StatusCodes.Status202Accepted)
                : RsvpPages.Message("Periksa email Anda", "Jika alamat itu terdaftar sebagai anggota, tautan pendaftaran hadir sudah kami kirim ke sana.", StatusCodes.Status202Accepted, " ok");
        }
    }

    public async Task<IResult> CancelAsync(HttpRequest request, string id)
    {
        var (e, refusal) = await OpenEventAsync(request, id);
        return e is null ? refusal! : await ChangeAsync(request, e, request.Query["k"].ToString(), cancel: true);
    }

    async Task<IResult> ChangeAsync(HttpRequest request, OpenEvent e, string token, bool cancel)
    {
        var (person, denied) = await MemberAsync(request, e, token);
        if (person is null)
        {
            return denied!;
        }
        var change = cancel
            ? await rsvps.CancelAsync(e, person, request.HttpContext.RequestAborted)
            : await rsvps.AttendAsync(e, person, request.HttpContext.RequestAborted);
        var status = change.Rsvp?.Status is RsvpStatus.Cancelled ? null : change.Rsvp?.Status;
        if (Negotiation.PrefersJson(request))
        {
            return ApiResults.Ok(new Answer(e.Entry.ProposalId, Name(status)));
        }
        return cancel
            ? RsvpPages.Message("Pendaftaran dibatalkan", "Pendaftaran Anda sudah dibatalkan. Terima kasih sudah memberi tahu.", tone: " ok")
            : RsvpPages.Message(status == RsvpStatus.Attending ? "Anda terdaftar" : "Daftar tunggu", RsvpPages.StatusText(status), tone: " ok");
    }

    async Task<(OpenEvent?, IResult?)> OpenEventAsync(HttpRequest request, string id)
    {
        var html = !Negotiation.PrefersJson(request);
        var (state, e) = await rsvps.FindEventAsync(id, request.HttpContext.RequestAborted);
        return state switch
        {
            EventState.Open => (e, null),
            EventState.Unknown => (null, html ? RsvpPages.Message("Kegiatan tidak ditemukan", "Kegiatan ini tidak ada di kalender.", StatusCodes.Status404NotFound, " warn") : Problems.NotFound("event")),
            _ => (null, html
                ? RsvpPages.Message("Pendaftaran ditutup", "Kegiatan ini sudah dimulai, dibatalkan, atau belum dikonfirmasi, jadi tidak menerima pendaftaran.", StatusCodes.Status409Conflict, " warn")
                : Problems.Of(StatusCodes.Status409Conflict, "event-closed", "The event does not take RSVPs.", "Kegiatan ini sudah dimulai, dibatalkan, atau belum dikonfirmasi, jadi tidak menerima pendaftaran hadir.")),
        };
    }

    async Task<(Person?, IResult?)> MemberAsync(HttpRequest request, OpenEvent e, string token)
    {
        var html = !Negotiation.PrefersJson(request);
        var check = links.Verify(token, LinkPurpose.Rsvp);
        if (check.Link is { } link && (link.SubjectType != RsvpLinks.SubjectType || link.Actor != e.Entry.ProposalId))
        {
            return (null, LinkPages.For(LinkProblem.WrongPurpose, html, "k"));
        }
        if (!check.IsValid)
        {
            return (null, LinkPages.For(check.Problem, html, "k"));
        }
        var person = await rsvps.ConfirmedPersonAsync(check.Link!.Subject, request.HttpContext.RequestAborted);
        return person is null ? (null, LinkPages.UnknownSubject(html, "k")) : (person, null);
    }

    static string Name(RsvpStatus? status) => status switch
    {
        RsvpStatus.Attending => "attending",
        RsvpStatus.Waitlisted => "waitlisted",
        _ => "none",
    };
}
