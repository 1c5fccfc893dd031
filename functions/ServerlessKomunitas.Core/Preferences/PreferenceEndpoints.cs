using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Preferences;

/// <summary>
/// A person's email preferences, from the signed links in their emails: the page with a switch per category, the
/// RFC 8058 one-click unsubscribe (a POST that needs no page and takes effect at once), and the re-confirmation
/// that lifts a suppression.
/// </summary>
public sealed class PreferenceEndpoints(PersonStore persons, Suppressions suppressions, PreferenceLinks preferenceLinks, LinkSigner links,
    PersonLinkResolver resolver, Privacy.ContactPeople contacts, EmailLedger ledger, Microsoft.Extensions.Options.IOptions<Registrations.ConsentOptions> consent, IEnumerable<IPreferenceSection> sections,
    TimeProvider time)
{
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>The consent fields, which come only with <c>"action": "consent"</c>.</summary>
    static readonly string[] ConsentFields = ["consent", "consentVersion"];

    public sealed record PreferencesView(IReadOnlyList<string> Categories, IReadOnlyList<string> OptedOut, bool Suppressed);

    public async Task<IResult> ShowAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request, LinkPurpose.Preferences);
        if (person is null)
        {
            return refusal!;
        }
        var suppressed = await suppressions.IsSuppressedAsync(person.Email, request.HttpContext.RequestAborted);
        return Negotiation.PrefersJson(request) ? ApiResults.Ok(View(person, suppressed)) : await PageAsync(person, token, suppressed, cancellationToken: request.HttpContext.RequestAborted);
    }

    public async Task<IResult> SaveAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request, LinkPurpose.Preferences);
        if (person is null)
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
            var cancellation = request.HttpContext.RequestAborted;
            var actionErrors = new FieldErrors();
            var action = body.Choice(actionErrors, "action", "save",
                "Pilih \"save\" (simpan), \"reconfirm\" (minta email konfirmasi) atau \"consent\" (perbarui persetujuan).", "save", "reconfirm", "consent");
            if (action is null)
            {
                return Problems.Validation(actionErrors);
            }
            if (person.IsContactOnly && action != "reconfirm")
            {
                // A contact who never joined gets only the emails about their community, which cannot be switched off.
                return Problems.OfField(StatusCodes.Status409Conflict, "contact-only", "A community's contact has no email categories.",
                    "Anda narahubung komunitas, bukan anggota: email tentang komunitas Anda selalu dikirim. Pengaturan WhatsApp ada di halaman ini.", "action");
            }
            if (action == "consent")
            {
                var consentErrors = new FieldErrors();
                var version = consent.Value.Validate(consentErrors, "consent", "consentVersion", body.IsTicked("consent"), body.Text("consentVersion"));
                if (version is null || !consentErrors.IsEmpty)
                {
                    return Negotiation.PrefersJson(request) || !body.IsForm
                        ? Problems.Validation(consentErrors)
                        : await PageAsync(person, token, false, errors: consentErrors, status: StatusCodes.Status400BadRequest, cancellationToken: request.HttpContext.RequestAborted);
                }
                await persons.RenewConsentAsync(person.Key, version!, time.GetUtcNow(), cancellation);
                var renewed = (await persons.FindPersonAsync(person.Key, cancellation))!;
                return Negotiation.PrefersJson(request)
                    ? ApiResults.Ok(View(renewed, false))
                    : await PageAsync(renewed, token, false, "Persetujuan diperbarui. Terima kasih.", cancellationToken: request.HttpContext.RequestAborted);
            }
            if (action == "reconfirm")
            {
                // A withdrawn person's address stays suppressed: only a new sign-up with fresh consent lifts it.
                if (person.Status != PersonStatus.Withdrawn && await suppressions.IsSuppressedAsync(person.Email, cancellation))
                {
                    // One a day at most: the address bounced, so each try costs reputation.
                    var day = (int)(time.GetUtcNow().ToUnixTimeSeconds() / 86400);
                    await ledger.SendOnceAsync(new LedgerKey(person.Key, "reconfirm-address", day, "self"),
                        PreferenceEmails.ConfirmAddress(person, preferenceLinks.ConfirmAddress(person.Key)) with { IgnoresSuppression = true }, cancellation);
                }
                return Negotiation.PrefersJson(request)
                    ? Results.Json(View(person, true), ApiJson.Options, statusCode: StatusCodes.Status202Accepted)
                    : PreferencePages.Message("Periksa email Anda", "Email konfirmasi sudah kami kirim. Buka tautannya untuk kembali menerima email.", StatusCodes.Status202Accepted, " ok");
            }
            var (wanted, errors) = Categories(body);
            foreach (var field in ConsentFields.Where(body.Has))
            {
                errors.Add(field, "unexpected", "Kolom ini hanya dikirim bersama \"action\": \"consent\".");
            }
            if (!errors.IsEmpty)
            {
                return Problems.Validation(errors);
            }
            await persons.SetOptedOutAsync(person.Key, _ => EmailCategories.All.Where(c => !wanted.Contains(c)), cancellation);
            var saved = (await persons.FindPersonAsync(person.Key, cancellation))!;
            var suppressed = await suppressions.IsSuppressedAsync(person.Email, cancellation);
            return Negotiation.PrefersJson(request) ? ApiResults.Ok(View(saved, suppressed)) : await PageAsync(saved, token, suppressed, "Pengaturan tersimpan.", cancellationToken: request.HttpContext.RequestAborted);
        }
    }

    public async Task<IResult> ShowUnsubscribeAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request, LinkPurpose.Unsubscribe);
        return person is null ? refusal! : PreferencePages.Unsubscribe(CategoryOf(token)!.Value, token);
    }

    /// <summary>RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click"; the signed token alone authorizes it, whatever the body.</summary>
    public async Task<IResult> UnsubscribeAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request, LinkPurpose.Unsubscribe);
        if (person is null)
        {
            return refusal!;
        }
        var category = CategoryOf(token)!.Value;
        await persons.SetOptedOutAsync(person.Key, p => EmailCategories.All.Where(c => !p.Wants(c)).Append(category), request.HttpContext.RequestAborted);
        return Negotiation.PrefersJson(request)
            ? ApiResults.Ok(View((await persons.FindPersonAsync(person.Key))!, false))
            : PreferencePages.Message("Sudah berhenti", $"Anda tidak lagi menerima: {category.Label()}. Ubah kapan saja di halaman pengaturan email.", tone: " ok");
    }

    public async Task<IResult> ShowAddressConfirmationAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request, LinkPurpose.ConfirmAddress);
        return person is null ? refusal! : PreferencePages.ConfirmAddress(token);
    }

    public async Task<IResult> ConfirmAddressAsync(HttpRequest request)
    {
        var (person, _, refusal) = await ResolveAsync(request, LinkPurpose.ConfirmAddress);
        if (person is null)
        {
            return refusal!;
        }
        if (person.Status != PersonStatus.Withdrawn)
        {
            await suppressions.LiftAsync(person.Email, request.HttpContext.RequestAborted);
        }
        return Negotiation.PrefersJson(request)
            ? ApiResults.Ok(View(person, false))
            : PreferencePages.Message("Alamat terkonfirmasi", "Terima kasih. Kami kembali mengirim email ke alamat ini.", tone: " ok");
    }

    /// <summary>The preferences page, with each module's section after the email switches.</summary>
    async Task<IResult> PageAsync(Person person, string token, bool suppressed, string? saved = null, FieldErrors? errors = null, int status = StatusCodes.Status200OK,
        CancellationToken cancellationToken = default)
    {
        var parts = new StringBuilder();
        foreach (var section in sections)
        {
            parts.Append(await section.RenderAsync(person, token, cancellationToken));
        }
        return PreferencePages.Preferences(person, token, suppressed, preferenceLinks.MyData(person.Key), RenewalVersion(person), parts.ToString(), saved, errors, status);
    }

    /// <summary>The consent text version to agree to, when the person's consent predates the one now required.</summary>
    string? RenewalVersion(Person person) => person.Status == PersonStatus.Confirmed && !person.IsContactOnly && !consent.Value.IsCurrent(person.ConsentVersion)
        ? consent.Value.CurrentVersion : null;

    static PreferencesView View(Person person, bool suppressed) => new(
        EmailCategories.All.Where(person.Wants).Select(EmailCategories.Slug).ToList(),
        EmailCategories.All.Where(c => !person.Wants(c)).Select(EmailCategories.Slug).ToList(), suppressed);

    EmailCategory? CategoryOf(string token) => EmailCategories.FromSlug(links.Verify(token, LinkPurpose.Unsubscribe).Link?.Actor);

    /// <summary>The categories the person wants: the checked boxes of the form, or the JSON array <c>categories</c>.</summary>
    static (HashSet<EmailCategory> Wanted, FieldErrors Errors) Categories(SubmittedBody body)
    {
        var errors = new FieldErrors();
        IEnumerable<string?> slugs = body.IsForm
            ? body.Form!.TryGetValue("categories", out var values) ? values.ToArray() : []
            : body.Json!.RootElement.ValueKind == JsonValueKind.Object && body.Json.RootElement.TryGetProperty("categories", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : null)
                : null!;
        if (slugs is null)
        {
            errors.Add("categories", "required", "Kirim daftar kategori email yang ingin diterima (boleh kosong).");
            return ([], errors);
        }
        var wanted = new HashSet<EmailCategory>();
        foreach (var slug in slugs)
        {
            if (EmailCategories.FromSlug(slug) is { } category)
            {
                wanted.Add(category);
            }
            else
            {
                errors.Add("categories", "unknown", $"Kategori \"{slug}\" tidak dikenal.");
            }
        }
        return (wanted, errors);
    }

    /// <summary>The person behind the link; a community's contact who never joined has a preferences page too, for WhatsApp.</summary>
    Task<(Person? Person, string Token, IResult? Refusal)> ResolveAsync(HttpRequest request, LinkPurpose purpose) =>
        resolver.ResolveAsync(request, purpose, purpose == LinkPurpose.Unsubscribe ? link => EmailCategories.FromSlug(link.Actor) is not null : null,
            purpose == LinkPurpose.Preferences ? contacts.FindAsync : null);
}
