using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Listings;

/// <summary>
/// On a contact's preferences page, the way to their community's directory page: where they find the offer when its
/// email was held back (a suppressed address) or its link has expired.
/// </summary>
public sealed class DirectoryPreferenceSection(RegistrationStore registrations, ListingStore listings, DirectoryLinks links) : IPreferenceSection
{
    public async Task<string> RenderAsync(Person person, string token, CancellationToken cancellationToken)
    {
        var communities = (await registrations.WhereEqualAsync(nameof(Registration.ContactKey), person.Key, cancellationToken))
            .Where(r => r.Status == RegistrationStatus.Approved).ToList();
        if (communities.Count == 0)
        {
            return "";
        }
        var items = new StringBuilder();
        foreach (var community in communities)
        {
            var listed = await listings.FindAsync(community.Id, cancellationToken) is { Status: ListingStatus.Listed };
            items.Append($"""<li><a href="{Html.Encode(links.Listing(community.Id))}">{Html.Encode(community.Name)}</a>: {(listed ? "tampil di direktori" : "belum tampil di direktori")}</li>""");
        }
        return $"""
            <h2>Direktori komunitas</h2>
            <p>Atur apakah komunitas Anda tampil di direktori publik, dengan deskripsi dan tautan yang Anda tulis sendiri:</p>
            <ul>{items}</ul>
            """;
    }
}
