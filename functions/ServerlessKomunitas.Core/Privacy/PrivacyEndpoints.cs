using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// The person's data rights under UU PDP, from the signed "Data saya" link (reached from the preferences page): the
/// page, the export of everything held about them as a JSON file, and the withdrawal of consent, carried out before
/// the answer.
/// </summary>
public sealed class PrivacyEndpoints(PersonalDataExport export, PersonLinkResolver resolver, ContactPeople contacts, PrivacyRequests requests,
    ConsentWithdrawal withdrawal, PersonalDataErasure erasure, PreferenceLinks preferences, TimeProvider time)
{
    /// <summary>The export is read by people, so it is indented.</summary>
    static readonly JsonSerializerOptions ExportJson = new(ApiJson.Options) { WriteIndented = true };

    public const int MaxBodyBytes = 2 * 1024;

    public sealed record Answer(string Status, DateTimeOffset? At);

    public async Task<IResult> ShowAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request);
        return person is null ? refusal! : PrivacyPages.MyData(person, token, WhatsAppSettings(person), new FieldErrors());
    }

    public async Task<IResult> ExportAsync(HttpRequest request)
    {
        var (person, _, refusal) = await ResolveAsync(request);
        if (person is null)
        {
            return refusal!;
        }
        var data = await export.CollectAsync(person.Key, person.IsContactOnly ? person : null, request.HttpContext.RequestAborted);
        if (data is null)
        {
            return LinkPages.UnknownSubject(!Negotiation.PrefersJson(request), "k");
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(data, ExportJson);
        return Results.File(json, "application/json", "data-saya.json");
    }

    public async Task<IResult> WithdrawAsync(HttpRequest request, DurableTaskClient client)
    {
        var (person, token, refusal) = await ResolveConfirmedAsync(request, "withdraw");
        if (person is null)
        {
            return refusal!;
        }
        if (person.IsContactOnly)
        {
            // A contact who never joined is sent nothing but what concerns their community; erasure is how they leave.
            const string message = "Anda tercatat sebagai narahubung, bukan anggota: tidak ada persetujuan keanggotaan untuk ditarik. Untuk berhenti, minta pengurus mengganti narahubung atau hapus data Anda.";
            return Negotiation.PrefersJson(request)
                ? Problems.Of(StatusCodes.Status409Conflict, "contact-only", "A contact who is not a member has no consent to withdraw.", message)
                : PrivacyPages.MyData(person, token, WhatsAppSettings(person), new FieldErrors().Add(PrivacyPages.ConfirmField, "contact-only", message), "withdraw", StatusCodes.Status409Conflict);
        }
        if (person.Status != PersonStatus.Withdrawn)
        {
            // Carried out to the end whether or not the client waits; a run cut short is finished by the privacy job.
            var open = await requests.OpenAsync(RightsRequestKind.Withdrawal, person, time.GetUtcNow(), CancellationToken.None);
            await withdrawal.RunAsync(open, client, cancellationToken: CancellationToken.None);
            await requests.CloseAsync(open, time.GetUtcNow(), "", CancellationToken.None);
        }
        return Negotiation.PrefersJson(request)
            ? ApiResults.Ok(new Answer(nameof(PersonStatus.Withdrawn), person.WithdrawnAt ?? time.GetUtcNow()))
            : PrivacyPages.Done("Persetujuan ditarik", "Kami sudah berhenti memproses data Anda. Konfirmasinya kami kirim ke email Anda; setelah itu tidak ada email lagi dari kami.");
    }

    public async Task<IResult> EraseAsync(HttpRequest request, DurableTaskClient client)
    {
        var (person, _, refusal) = await ResolveConfirmedAsync(request, "delete");
        if (person is null)
        {
            return refusal!;
        }
        var open = await requests.OpenAsync(RightsRequestKind.Erasure, person, time.GetUtcNow(), CancellationToken.None);
        if (await erasure.RunAsync(open, client, CancellationToken.None) is { } counts)
        {
            await requests.CloseAsync(open, time.GetUtcNow(), counts, CancellationToken.None);
            return Negotiation.PrefersJson(request)
                ? ApiResults.Ok(new Answer("Erased", time.GetUtcNow()))
                : PrivacyPages.Done("Data dihapus", "Data Anda sudah dihapus. Konfirmasinya kami kirim ke email Anda; itu email terakhir ke alamat ini.");
        }
        return Negotiation.PrefersJson(request)
            ? Results.Json(new Answer("Erasing", null), ApiJson.Options, statusCode: StatusCodes.Status202Accepted)
            : PrivacyPages.Done("Penghapusan berjalan", "Kami sudah berhenti memproses data Anda dan sedang menghapusnya. Anda mendapat email konfirmasi setelah selesai, paling lambat 3 × 24 jam.");
    }

    /// <summary>The person behind the link, once the form's confirmation box is ticked (JSON: <c>"confirm": true</c>).</summary>
    async Task<(Person? Person, string Token, IResult? Refusal)> ResolveConfirmedAsync(HttpRequest request, string action)
    {
        var (person, token, refusal) = await ResolveAsync(request);
        if (person is null)
        {
            return (null, token, refusal);
        }
        var (body, problem) = await RequestBody.ReadAsync(request, MaxBodyBytes);
        if (body is null)
        {
            return (null, token, problem);
        }
        using (body)
        {
            if (body.IsTicked(PrivacyPages.ConfirmField))
            {
                return (person, token, null);
            }
        }
        var errors = new FieldErrors().Add(PrivacyPages.ConfirmField, "required", "Centang kotak konfirmasi untuk melanjutkan.");
        return (null, token, Negotiation.PrefersJson(request) ? Problems.Validation(errors) : PrivacyPages.MyData(person, token, WhatsAppSettings(person), errors, action, StatusCodes.Status400BadRequest));
    }

    /// <summary>A contact who never joined has no preferences link in their emails; their WhatsApp settings are reached from here.</summary>
    string? WhatsAppSettings(Person person) => person.IsContactOnly ? preferences.Page(person.Key) : null;

    Task<(Person? Person, string Token, IResult? Refusal)> ResolveAsync(HttpRequest request) =>
        resolver.ResolveAsync(request, LinkPurpose.MyData, standIn: contacts.FindAsync);
}
