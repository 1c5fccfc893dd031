using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Listings;

public static class ListingsFeature
{
    /// <summary>The public community directory: listed only by the contact's choice, with profiles kept current by the steps.</summary>
    public static IServiceCollection AddListings(this IServiceCollection services)
    {
        services.AddTable(new TableContents(ListingStore.TableName, true,
            ["the contact's choice to be listed, with their person key", "public description and links the contact wrote", "browsing rows (public)"],
            r => PersonReference.ByKey(r.GetString(nameof(Listing.ContactKey)))));
        services.AddTable(new TableContents(CommunityActivityStore.TableName, true,
            ["each community's confirmed events and mentorships (public)", "its confirmed members, by person key"], CommunityActivityStore.PeopleIn));
        services.AddSingleton<ListingStore>();
        services.AddSingleton<CommunityActivityStore>();
        services.AddSingleton<DirectoryLinks>();
        services.AddSingleton<DirectoryKeeper>();
        services.AddRecordChangeObserver<DirectoryKeeper>();
        services.AddSingleton<DirectoryEndpoints>();
        services.AddSingleton<DirectoryInvitationJob>();
        services.AddTransient<Preferences.IPreferenceSection, DirectoryPreferenceSection>();
        return services.AddPersonalDataHolder<ListingPersonalData>();
    }
}
