using System.Text.Json;
using Microsoft.AspNetCore.Http;
using ServerlessKomunitas.Http;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Pages;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// The person's data rights under UU PDP, from the signed "Data saya" link (reached from the preferences page): the
/// page, and the export of everything held about them as a JSON file.
/// </summary>
public sealed class PrivacyEndpoints(PersonalDataExport export, PersonLinkResolver resolver)
{
    public async Task<IResult> ShowAsync(HttpRequest request)
    {
        var (person, token, refusal) = await ResolveAsync(request);
        if (person is null)
        {
            return refusal!;
        }
        return PageLayout.Render("Data saya", $"""
            <h1>Data saya</h1>
            <p>Menurut UU Pelindungan Data Pribadi, Anda berhak melihat dan membawa data yang kami simpan tentang Anda:
            profil, keanggotaan, komunitas dan usulan kegiatan yang Anda kelola, pendaftaran kegiatan, catatan mentoring,
            persetujuan yang Anda berikan, dan email terjadwal yang pernah kami kirim.</p>
            <p><a href="/api/my-data/export?k={Html.Encode(token)}">Unduh data saya (JSON)</a></p>
            <p>Tautan ini berlaku satu hari. Jangan diteruskan: isinya data pribadi Anda.</p>
            """);
    }

    public async Task<IResult> ExportAsync(HttpRequest request)
    {
        var (person, _, refusal) = await ResolveAsync(request);
        if (person is null)
        {
            return refusal!;
        }
        var data = await export.CollectAsync(person.Key, request.HttpContext.RequestAborted);
        if (data is null)
        {
            return LinkPages.UnknownSubject(!Negotiation.PrefersJson(request));
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(data, new JsonSerializerOptions(ApiJson.Options) { WriteIndented = true });
        return Results.File(json, "application/json", "data-saya.json");
    }

    Task<(Person? Person, string Token, IResult? Refusal)> ResolveAsync(HttpRequest request) => resolver.ResolveAsync(request, LinkPurpose.MyData);
}
