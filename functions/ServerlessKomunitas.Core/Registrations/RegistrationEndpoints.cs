using ServerlessKomunitas.Abuse;

namespace ServerlessKomunitas.Registrations;

/// <summary>The registration routes, as handlers that both hosts call.</summary>
public sealed class RegistrationEndpoints(
    RegistrationValidator validator,
    RegistrationIntake intake,
    RegistrationStore store,
    RegionDirectory regions,
    IOptions<ConsentOptions> consent,
    IOptions<RateLimitOptions> limits,
    Abuse.FormTiming formTiming)
{
    public const int MaxBodyBytes = 32 * 1024;

    public sealed record Receipt(string Id, RegistrationStatus Status, string StatusUrl, bool Duplicate);

    public sealed record StatusView(
        string Id, RegistrationStatus Status, string Name, string RegencyCode, DateTimeOffset SubmittedAt,
        DateTimeOffset? DecidedAt, string? DecisionComment, DateTimeOffset? ExpiredAt);

    public static string StatusUrl(string id) => ApiRoutes.RegistrationStatus.PathFor(id);

    public async Task<IResult> FormAsync(HttpRequest request) =>
        RegistrationPages.Form(await regions.ProvincesAsync(request.HttpContext.RequestAborted), new RegistrationInput(), new FieldErrors(), consent.Value.CurrentVersion, formTiming.Stamp());

    /// <summary>
    /// The anonymous create form. It needs no cookie or anti-forgery token: creating a registration grants
    /// nothing, and abuse is held off by the per-address and per-client limits and the honeypot field.
    /// </summary>
    public async Task<IResult> SubmitAsync(HttpRequest request, DurableTaskClient client)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var browser = RequestBody.IsFormPost(request) && Negotiation.PrefersHtml(request);
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return browser ? await FormAgainAsync(new RegistrationInput(), TooLargeForForm(), StatusCodes.Status413PayloadTooLarge, cancellationToken) : problem!;
        }
        using (body)
        {
            var input = body.IsForm ? RegistrationInput.FromForm(body.Form!) : RegistrationInput.FromJson(body.Json!.RootElement);
            var idempotencyKey = IdempotencyKeys.Read(request, input.TypeErrors);
            formTiming.Check(body, input.TypeErrors);
            var (registration, errors) = await validator.ValidateAsync(input, cancellationToken);
            if (registration is null)
            {
                return browser ? await FormAgainAsync(input, errors, StatusCodes.Status400BadRequest, cancellationToken) : Problems.Validation(errors);
            }

            var outcome = await intake.SubmitAsync(registration, idempotencyKey, ClientAddress.HashOf(request, limits.Value), client, cancellationToken);
            return await outcome.AnswerAsync(browser, (errors, status) => FormAgainAsync(input, errors, status, cancellationToken),
                accepted => new SeeOther(StatusUrl(accepted.Id)),
                (accepted, duplicate) => ApiResults.Accepted(StatusUrl(accepted.Id), new Receipt(accepted.Id, accepted.Status, StatusUrl(accepted.Id), duplicate)));
        }
    }

    public async Task<IResult> StatusAsync(HttpRequest request, string id)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        var registration = await store.FindAsync(id, cancellationToken);
        var html = Negotiation.PrefersHtml(request);
        if (registration is null)
        {
            return html
                ? PageLayout.Render("Tidak ditemukan", "<h1>Pendaftaran tidak ditemukan</h1><p>Periksa kembali alamat halaman ini.</p>", StatusCodes.Status404NotFound)
                : Problems.NotFound("registration");
        }
        if (html)
        {
            var province = await regions.FindProvinceAsync(registration.ProvinceCode, cancellationToken);
            var regency = await regions.FindRegencyAsync(registration.RegencyCode, cancellationToken);
            return RegistrationPages.Status(registration, regency, province?.Zone ?? IndonesianTimeZone.WIB);
        }
        return ApiResults.Ok(new StatusView(registration.Id, registration.Status, registration.Name, registration.RegencyCode,
            registration.SubmittedAt, registration.DecidedAt, registration.DecisionComment, registration.ExpiredAt));
    }

    async Task<IResult> FormAgainAsync(RegistrationInput input, FieldErrors errors, int status, CancellationToken cancellationToken) =>
        RegistrationPages.Form(await regions.ProvincesAsync(cancellationToken), input, errors, consent.Value.CurrentVersion, formTiming.Stamp(), status);

    static FieldErrors TooLargeForForm() =>
        new FieldErrors().Add("body", "too-large", $"Isian terlalu panjang (batas {MaxBodyBytes / 1024} KB). Persingkat deskripsi lalu kirim lagi.");
}
