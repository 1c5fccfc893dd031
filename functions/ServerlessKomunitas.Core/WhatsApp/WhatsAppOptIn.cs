using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Inbox;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.WhatsApp;

/// <summary>What a person's WhatsApp consent says, for the JSON API.</summary>
/// <param name="Channels">Each kind's channel: "both", "whatsapp" or "email".</param>
public sealed record WhatsAppView(string Status, string? Number, string? ConsentVersion, DateTimeOffset? ConsentedAt, DateTimeOffset? ConfirmedAt,
    bool NumberStopped, IReadOnlyDictionary<string, string> Channels)
{
    public static WhatsAppView Of(WhatsAppConsent? consent, bool numberStopped)
    {
        var chosen = WhatsAppKinds.Parse(consent?.Channels ?? "");
        var channels = WhatsAppKinds.All.ToDictionary(k => k.Slug(), k => chosen.GetValueOrDefault(k, Channel.Both).Slug());
        return consent is null
            ? new("none", null, null, null, null, numberStopped, channels)
            : new(consent.StatusName.ToLowerInvariant(), consent.Number, consent.ConsentVersion, consent.ConsentedAt, consent.ConfirmedAt, numberStopped, channels);
    }
}

/// <summary>
/// WhatsApp's double opt-in. From the preferences page (its signed link), a person gives a number and the WhatsApp
/// consent; the opt-in template goes to that number with a signed link, and following it confirms that the number is
/// theirs. Only then does anything else go there. The person switches it off the same way, and a withdrawal of their
/// consent switches it off at once (<see cref="WhatsAppPersonalData"/>).
/// </summary>
public sealed class WhatsAppOptIn(WhatsAppConsents consents, WhatsAppSender sender, WhatsAppLedger ledger, PersonLinkResolver resolver, LinkSigner signer,
    PersonStore persons, CoordinatorDirectory coordinators, Privacy.ContactPeople contacts, InboxLinks inboxLinks, IOptions<WhatsAppOptions> options, IOptions<SiteOptions> site,
    TimeProvider time) : IPreferenceSection, IInboxSection
{
    public const int MaxBodyBytes = 4 * 1024;

    /// <summary>How long the opt-in link works.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(2);

    public static class Fields
    {
        public const string Action = "action";
        public const string Number = "number";
        public const string Consent = "consent";
        public const string ConsentVersion = "consentVersion";
    }

    public string ConfirmLink(string personKey, int attempt) => site.Value.Link(ApiRoutes.ConfirmWhatsApp.PathWithKey(signer.Sign(
        new SignedLink(personKey, LinkPurpose.WhatsAppOptIn, "self", attempt, time.GetUtcNow() + LinkLifetime, PreferenceLinks.SubjectType))));

    /// <summary>
    /// Asks for WhatsApp on <paramref name="number"/> with the consent just given: records the request and sends the
    /// opt-in message, once per request. Null when today's requests are used up.
    /// </summary>
    public async Task<(WhatsAppConsent Consent, WhatsAppOutcome Outcome)?> RequestAsync(Person person, string number, CancellationToken cancellationToken)
    {
        if (await consents.RequestAsync(person.Key, number, WhatsAppConsentText.Version, cancellationToken: cancellationToken) is not { } consent)
        {
            return null;
        }
        return (consent, await SendOptInAsync(person.Key, person.FirstName, consent, cancellationToken));
    }

    /// <summary>
    /// The WhatsApp a member asked for on the sign-up form, once their membership is confirmed: the request (with the
    /// consent given on the form) and its opt-in message. Safe to run again: a request already made from the form is
    /// only sent again under its own key, and one the person made since is theirs to follow.
    /// </summary>
    public Task RequestFromSignUpAsync(Person person, CancellationToken cancellationToken = default) =>
        RequestFromFormAsync(person.Key, person.FirstName, person.WhatsAppNumber, person.WhatsAppConsentVersion, person.WhatsAppConsentedAt, cancellationToken);

    /// <summary>
    /// The WhatsApp a community's contact asked for on the registration form, once they confirmed the address; safe to
    /// run again, as <see cref="RequestFromSignUpAsync"/> is.
    /// </summary>
    public Task RequestFromRegistrationAsync(Registrations.Registration registration, CancellationToken cancellationToken = default) =>
        RequestFromFormAsync(registration.ContactKey, Person.FirstNameOf(registration.ContactName), registration.WhatsAppNumber, registration.WhatsAppConsentVersion,
            registration.WhatsAppConsentedAt, cancellationToken);

    async Task RequestFromFormAsync(string personKey, string firstName, string number, string consentVersion, DateTimeOffset? consentedAt,
        CancellationToken cancellationToken)
    {
        if (consentVersion.Length == 0 || consentedAt is not { } at || personKey.Length == 0 || !options.Value.IsConfigured)
        {
            return;
        }
        var consent = await consents.FindAsync(personKey, cancellationToken)
            ?? await consents.RequestAsync(personKey, number, consentVersion, at, cancellationToken);
        if (consent is { Status: WhatsAppConsentStatus.Requested } && consent.ConsentedAt == at)
        {
            await SendOptInAsync(personKey, firstName, consent, cancellationToken);
        }
    }

    Task<WhatsAppOutcome> SendOptInAsync(string personKey, string firstName, WhatsAppConsent consent, CancellationToken cancellationToken)
    {
        var template = WhatsAppTemplates.OptInConfirmation;
        return sender.SendOnceAsync(personKey, $"whatsapp-optin-{consent.Attempt}", consent.Number, template,
            template.Values(firstName, ConfirmLink(personKey, consent.Attempt)), cancellationToken: cancellationToken);
    }

    /// <summary><c>POST /api/preferences/whatsapp?k=</c>: "request" (a number and the consent), "channels" or "off".</summary>
    public async Task<IResult> ChangeAsync(HttpRequest request)
    {
        var (person, token, refusal) = await resolver.ResolveAsync(request, LinkPurpose.Preferences, standIn: contacts.FindAsync);
        return person is null ? refusal! : await ChangeAsync(request, Origin.Preferences(token), person);
    }

    /// <summary><c>POST /api/inbox/whatsapp?k=</c>: the same for a coordinator, from their inbox, whether or not they are a member.</summary>
    public async Task<IResult> ChangeForCoordinatorAsync(HttpRequest request)
    {
        var (coordinator, token, refusal) = await inboxLinks.ResolveAsync(request);
        return coordinator is null
            ? refusal!
            : await ChangeAsync(request, Origin.Inbox(token), await persons.FindPersonAsync(coordinator.PersonKey, request.HttpContext.RequestAborted) ?? StandIn(coordinator));
    }

    /// <summary>A coordinator who is not a member, standing as a person for their WhatsApp consent.</summary>
    static Person StandIn(Coordinator coordinator) => new()
    {
        PartitionKey = coordinator.PersonKey, Name = coordinator.Name, Email = coordinator.Email, Phone = coordinator.Phone ?? "",
        Status = PersonStatus.Confirmed, IsContactOnly = true,
    };

    /// <summary>Who stands for an opt-in link's person without a person row: a coordinator or a community's contact.</summary>
    async Task<Person?> StandInAsync(string personKey, CancellationToken cancellationToken) =>
        (await coordinators.ListAsync(cancellationToken)).FirstOrDefault(c => c.PersonKey == personKey) is { } coordinator
            ? StandIn(coordinator)
            : await contacts.FindAsync(personKey, cancellationToken);

    async Task<IResult> ChangeAsync(HttpRequest request, Origin from, Person person)
    {
        var json = Negotiation.PrefersJson(request);
        if (!options.Value.IsConfigured)
        {
            return Refused(json, from, StatusCodes.Status404NotFound, "whatsapp-off", Fields.Action, "WhatsApp belum tersedia di layanan ini.");
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        using (body)
        {
            return body is null ? problem! : await ChangeAsync(json, from, person, body, request.HttpContext.RequestAborted);
        }
    }

    async Task<IResult> ChangeAsync(bool json, Origin from, Person person, SubmittedBody body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var action = body.Choice(errors, Fields.Action, "request",
            "Pilih \"request\" (aktifkan WhatsApp), \"channels\" (pilih saluran) atau \"off\" (matikan).", "request", "channels", "off");
        if (action is null)
        {
            return json ? Problems.Validation(errors) : WhatsAppPages.Refused(from.Target, from.Back, StatusCodes.Status400BadRequest, errors);
        }
        if (action == "off")
        {
            var off = await consents.TurnOffAsync(person.Key, cancellationToken);
            return Answer(json, from, off, StatusCodes.Status200OK, "WhatsApp dimatikan. Kami tidak mengirim pesan WhatsApp lagi ke nomor Anda.");
        }
        if (action == "channels")
        {
            return await ChooseAsync(json, from, person, body, cancellationToken);
        }
        var number = IndonesianPhoneNumber.Validate(errors, Fields.Number, body.Text(Fields.Number));
        if (!body.IsTicked(Fields.Consent))
        {
            errors.Add(Fields.Consent, "consent-required", "Persetujuan penggunaan nomor WhatsApp wajib diberikan.");
        }
        if (body.Text(Fields.ConsentVersion)?.Trim() != WhatsAppConsentText.Version)
        {
            errors.Add(Fields.ConsentVersion, "unknown-consent-version", "Versi teks persetujuan tidak dikenal. Muat ulang halaman pengaturan.");
        }
        if (!errors.IsEmpty)
        {
            return json ? Problems.Validation(errors) : WhatsAppPages.Refused(from.Target, from.Back, StatusCodes.Status400BadRequest, errors);
        }
        if (person.Status != PersonStatus.Confirmed)
        {
            return Refused(json, from, StatusCodes.Status409Conflict, "person-not-confirmed", Fields.Consent, person.Status == PersonStatus.Withdrawn
                ? "Anda sudah menarik persetujuan pemrosesan data, jadi kami tidak mengirim pesan apa pun."
                : "Konfirmasi alamat email Anda dulu, lalu aktifkan WhatsApp.");
        }
        if (await RequestAsync(person, number!, cancellationToken) is not { } requested)
        {
            var refusedToday = Refused(json, from, StatusCodes.Status429TooManyRequests, "too-many-requests", Fields.Number,
                $"Pesan konfirmasi WhatsApp sudah dikirim {WhatsAppConsents.RequestsPerDay} kali hari ini. Coba lagi besok.");
            return Problems.WithRetryAfter(refusedToday, TimeSpan.FromDays(1) - time.GetUtcNow().TimeOfDay);
        }
        return requested.Outcome switch
        {
            WhatsAppOutcome.Stopped => Refused(json, from, StatusCodes.Status409Conflict, "whatsapp-stopped", Fields.Number,
                "Nomor ini pernah membalas BERHENTI, jadi kami tidak bisa mengirim pesan ke sana. Balas MULAI ke nomor kami, lalu coba lagi."),
            WhatsAppOutcome.Refused => Refused(json, from, StatusCodes.Status422UnprocessableEntity, "whatsapp-refused", Fields.Number,
                "Pesan WhatsApp ke nomor ini ditolak. Periksa apakah nomor ini memakai WhatsApp."),
            _ => Answer(json, from, requested.Consent, StatusCodes.Status202Accepted,
                $"Kami mengirim pesan konfirmasi ke WhatsApp {requested.Consent.Number}. Buka tautannya dalam {LinkLifetime.TotalDays:0} hari untuk mengaktifkan WhatsApp."),
        };
    }

    /// <summary>"channels": a field per kind (its slug) with "both", "whatsapp" or "email"; a kind not sent keeps its choice.</summary>
    async Task<IResult> ChooseAsync(bool json, Origin from, Person person, SubmittedBody body, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var consent = await consents.FindAsync(person.Key, cancellationToken);
        var choices = new Dictionary<WhatsAppKind, Channel>(WhatsAppKinds.Parse(consent?.Channels ?? ""));
        foreach (var kind in WhatsAppKinds.All)
        {
            var current = choices.GetValueOrDefault(kind, Channel.Both).Slug();
            if (body.Choice(errors, kind.Slug(), current, "Pilih \"both\" (email dan WhatsApp), \"whatsapp\" atau \"email\".", "both", "whatsapp", "email")
                is { } chosen)
            {
                choices[kind] = WhatsAppKinds.ChannelFromSlug(chosen)!.Value;
            }
        }
        if (!errors.IsEmpty)
        {
            return json ? Problems.Validation(errors) : WhatsAppPages.Refused(from.Target, from.Back, StatusCodes.Status400BadRequest, errors);
        }
        if (consent is null)
        {
            return Refused(json, from, StatusCodes.Status409Conflict, "whatsapp-not-requested", Fields.Number, "Aktifkan WhatsApp dulu, lalu pilih salurannya.");
        }
        var saved = await consents.ChooseAsync(person.Key, choices, cancellationToken);
        return Answer(json, from, saved, StatusCodes.Status200OK, "Pilihan saluran tersimpan.");
    }

    /// <summary><c>GET /api/whatsapp/confirm?k=</c>: the page with the button (a link preview must not confirm).</summary>
    public async Task<IResult> ShowConfirmationAsync(HttpRequest request)
    {
        var (person, token, refusal) = await resolver.ResolveAsync(request, LinkPurpose.WhatsAppOptIn, standIn: StandInAsync);
        return person is null ? refusal! : WhatsAppPages.Confirmation(token);
    }

    /// <summary><c>POST /api/whatsapp/confirm?k=</c>: confirms the request the link was sent for; again changes nothing.</summary>
    public async Task<IResult> ConfirmAsync(HttpRequest request)
    {
        var (person, token, refusal) = await resolver.ResolveAsync(request, LinkPurpose.WhatsAppOptIn, standIn: StandInAsync);
        if (person is null)
        {
            return refusal!;
        }
        var json = Negotiation.PrefersJson(request);
        var attempt = signer.Verify(token, LinkPurpose.WhatsAppOptIn).Link!.Round;
        var confirmed = person.Status == PersonStatus.Withdrawn ? null : await consents.ConfirmAsync(person.Key, attempt, request.HttpContext.RequestAborted);
        if (confirmed is null)
        {
            return LinkPages.Superseded(!json, "k", "<p>Minta pesan konfirmasi baru dari halaman pengaturan, lewat tautan di email kami.</p>");
        }
        return json
            ? ApiResults.Ok(await ViewAsync(confirmed, request.HttpContext.RequestAborted))
            : WhatsAppPages.Message("WhatsApp aktif", $"Terima kasih. Pemberitahuan yang Anda pilih kini juga dikirim ke WhatsApp {confirmed.Number}. Balas BERHENTI kapan saja untuk berhenti.");
    }

    async Task<WhatsAppView> ViewAsync(WhatsAppConsent? consent, CancellationToken cancellationToken) =>
        WhatsAppView.Of(consent, consent is not null && (await ledger.NumberAsync(WhatsAppLedger.AddressKeyOf(consent.Number), cancellationToken)).Stopped);

    static IResult Answer(bool json, Origin from, WhatsAppConsent? consent, int status, string message) => json
        ? Results.Json(WhatsAppView.Of(consent, false), ApiJson.Options, statusCode: status)
        : WhatsAppPages.Message("Pengaturan WhatsApp", message, back: from.Back, status: status);

    static IResult Refused(bool json, Origin from, int status, string type, string field, string message) => json
        ? Problems.OfField(status, type, "The WhatsApp request was refused.", message, field)
        : WhatsAppPages.Refused(from.Target, from.Back, status, new FieldErrors().Add(field, type, message));

    /// <summary>Where a WhatsApp form posts (<see cref="Target"/>) and the page it came from (<see cref="Back"/>), each with its signed link.</summary>
    sealed record Origin(string Target, string Back)
    {
        public static Origin Preferences(string token) => new(ApiRoutes.ChangeWhatsApp.PathWithKey(token), ApiRoutes.ShowPreferences.PathWithKey(token));

        public static Origin Inbox(string token) => new(ApiRoutes.ChangeCoordinatorWhatsApp.PathWithKey(token), ApiRoutes.ApproverInbox.PathWithKey(token));
    }

    /// <summary>The preferences page's WhatsApp part: where the consent stands, and the form that changes it.</summary>
    public async Task<string> RenderAsync(Person person, string token, CancellationToken cancellationToken) =>
        options.Value.IsConfigured && person.Status == PersonStatus.Confirmed
            ? WhatsAppPages.Section(await ViewAsync(await consents.FindAsync(person.Key, cancellationToken), cancellationToken), person.Phone,
                Origin.Preferences(token).Target)
            : "";

    /// <summary>The inbox's WhatsApp part: approval requests on WhatsApp too, with the coordinator's phone offered.</summary>
    public async Task<string> RenderAsync(Coordinator coordinator, string token, CancellationToken cancellationToken) =>
        options.Value.IsConfigured
            ? WhatsAppPages.Section(await ViewAsync(await consents.FindAsync(coordinator.PersonKey, cancellationToken), cancellationToken), coordinator.Phone,
                Origin.Inbox(token).Target)
            : "";
}
