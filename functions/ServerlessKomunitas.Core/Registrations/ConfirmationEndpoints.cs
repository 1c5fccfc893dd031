namespace ServerlessKomunitas.Registrations;

/// <summary>
/// The contact's confirmation link. The GET only shows a page (mail scanners open every link); the POST
/// from that page confirms, through an ETag-conditional transition, and then wakes the workflow.
/// </summary>
public sealed class ConfirmationEndpoints(LinkSigner links, RegistrationStore store, AuditLog audit, WhatsApp.WhatsAppOptIn whatsApp, TimeProvider time,
    ILogger<ConfirmationEndpoints> log)
{
    public sealed record ConfirmationResult(string Id, RegistrationStatus Status, DateTimeOffset? ConfirmedAt);

    public async Task<IResult> ShowAsync(HttpRequest request, string token)
    {
        var html = !Negotiation.PrefersJson(request);
        var (registration, problem) = await ResolveAsync(token, html, request.HttpContext.RequestAborted);
        if (registration is null)
        {
            return problem!;
        }
        if (!html)
        {
            return ApiResults.Ok(new ConfirmationResult(registration.Id, registration.Status, registration.ConfirmedAt));
        }
        return registration.Status switch
        {
            RegistrationStatus.AwaitingConfirmation => PageLayout.Render("Konfirmasi email", $"""
                <h1>Konfirmasi email</h1>
                <p>Anda mendaftarkan <strong>{Html.Encode(registration.Name)}</strong> ke jaringan komunitas kreatif.</p>
                <p>Tekan tombol di bawah untuk mengonfirmasi bahwa alamat email ini milik Anda.</p>
                <form method="post" action="{Html.Encode(ApiRoutes.Confirm.PathFor(token))}">
                <div class="actions"><button type="submit">Ya, konfirmasi email saya</button></div>
                </form>
                """),
            RegistrationStatus.Expired => Expired(html: true),
            _ => AlreadyConfirmed(registration),
        };
    }

    /// <summary>Authorized by the signed token in the URL alone (no cookies): only the address that received it can confirm.</summary>
    public async Task<IResult> ConfirmAsync(HttpRequest request, string token, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var html = !Negotiation.PrefersJson(request);
        var (registration, problem) = await ResolveAsync(token, html, cancellationToken);
        if (registration is null)
        {
            return problem!;
        }
        var now = time.GetUtcNow();
        var (row, changed) = await store.TransitionAsync(registration, r => RegistrationTransitions.ConfirmAddress(r, now), cancellationToken);
        registration = row!;

        if (registration.Status == RegistrationStatus.Expired)
        {
            return Expired(html);
        }
        // Audited and raised again on a repeated POST while no approver was asked yet: that repairs a crash right after the transition.
        if (changed || (registration.Status == RegistrationStatus.PendingApproval && registration.ReviewStartedAt is null))
        {
            await audit.RecordAsync(new AuditEntry(registration.Id, "Confirmed", 1, RegistrationAudit.Contact, registration.ConfirmedAt ?? now,
                nameof(RegistrationStatus.AwaitingConfirmation), registration.StatusName, null, "confirmation", registration.Id), cancellationToken);
            await client.RaiseOrLogAsync(registration.Id, EmailConfirmed.Event, new EmailConfirmed(), log, cancellationToken);
        }
        // The address is the contact's now: the WhatsApp asked for on the form gets its opt-in message. On every POST,
        // once under its key, so that a repeat finishes one that an outage cut short.
        await whatsApp.RequestFromRegistrationAsync(registration, cancellationToken);
        if (!html)
        {
            return ApiResults.Ok(new ConfirmationResult(registration.Id, registration.Status, registration.ConfirmedAt));
        }
        return changed
            ? PageLayout.Render("Email terkonfirmasi", $"""
                <h1>Terima kasih, email Anda terkonfirmasi</h1>
                <div class="notice ok"><p>Pendaftaran <strong>{Html.Encode(registration.Name)}</strong> kini diteruskan ke koordinator. Kami mengabari Anda lewat email setelah ada keputusan.</p></div>
                <p><a href="{RegistrationEndpoints.StatusUrl(registration.Id)}">Lihat status pendaftaran</a></p>
                """)
            : AlreadyConfirmed(registration);
    }

    async Task<(Registration?, IResult?)> ResolveAsync(string token, bool html, CancellationToken cancellationToken)
    {
        var check = links.Verify(token, LinkPurpose.Confirm);
        if (!check.IsValid)
        {
            return (null, LinkPages.For(check.Problem, html));
        }
        var registration = await store.FindAsync(check.Link!.Subject, cancellationToken);
        return registration is null ? (null, LinkPages.UnknownSubject(html)) : (registration, null);
    }

    static IResult Expired(bool html) => html
        ? PageLayout.Render("Pendaftaran kedaluwarsa",
            """<h1>Pendaftaran kedaluwarsa</h1><div class="notice warn"><p>Pendaftaran ini sudah kedaluwarsa. Silakan <a href="{ApiRoutes.RegistrationForm.Path}">daftar kembali</a>.</p></div>""",
            StatusCodes.Status410Gone)
        : Problems.Of(StatusCodes.Status410Gone, "registration-expired", "The registration has expired.", "Pendaftaran ini sudah kedaluwarsa.");

    static IResult AlreadyConfirmed(Registration registration) => PageLayout.Render("Email sudah terkonfirmasi", $"""
        <h1>Email sudah terkonfirmasi</h1>
        <div class="notice"><p>Alamat email untuk <strong>{Html.Encode(registration.Name)}</strong> sudah dikonfirmasi sebelumnya. Tidak ada yang perlu Anda lakukan.</p></div>
        <p><a href="{RegistrationEndpoints.StatusUrl(registration.Id)}">Lihat status pendaftaran</a></p>
        """);
}
