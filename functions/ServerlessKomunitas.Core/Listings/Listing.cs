using System.Runtime.Serialization;

namespace ServerlessKomunitas.Listings;

/// <summary>A community without a listing row was never listed: it shows only in counts.</summary>
public enum ListingStatus
{
    /// <summary>The contact opted in: the community is in the directory, with the description and links they wrote.</summary>
    Listed,

    /// <summary>The contact withdrew (or their consent or data went): nothing of the profile is kept.</summary>
    Withdrawn,
}

/// <summary>
/// A community's place in the public directory: one row per community (partition its id), holding the contact's
/// choice and the public text they wrote for it. What else the profile shows (name, subsectors, kab/kota, year
/// founded) is read from the registration, so it cannot drift from it.
/// </summary>
public sealed class Listing : TableRow
{
    public const string Row = "listing";

    [IgnoreDataMember]
    public string CommunityId => PartitionKey;

    public string StatusName { get; set; } = nameof(ListingStatus.Listed);

    [IgnoreDataMember]
    public ListingStatus Status
    {
        get => Enum.Parse<ListingStatus>(StatusName);
        set => StatusName = value.ToString();
    }

    /// <summary>The public description the contact wrote for the directory (not the registration's, which was never public).</summary>
    public string Description { get; set; } = "";
    public string LinksJson { get; set; } = "[]";

    /// <summary>The consent text the contact agreed to when they opted in.</summary>
    public string ConsentVersion { get; set; } = "";
    /// <summary>The contact's person key when they opted in: whose choice the listing is, for their data rights.</summary>
    public string ContactKey { get; set; } = "";
    public DateTimeOffset ListedAt { get; set; }
    public DateTimeOffset? ChangedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>
    /// The browsing partitions that may hold the community (comma-separated): a superset while an index change is under
    /// way, so that a step cut short leaves nothing it cannot find again (<see cref="ListingStore.IndexAsync"/>).
    /// </summary>
    public string IndexedIn { get; set; } = "";

    /// <summary>The keys its browsing rows may have ("63.09|id"), widened and narrowed as <see cref="IndexedIn"/> is, so that a row under an older key is found.</summary>
    public string IndexKeys { get; set; } = "";

    [IgnoreDataMember]
    public IReadOnlyList<string> Links => JsonSerializer.Deserialize<List<string>>(LinksJson) ?? [];
}

/// <summary>One community as a directory page lists it: what its browsing row holds, all public.</summary>
public sealed record ListedCommunity(string Id, string Name, IReadOnlyList<string> Subsectors, string RegencyCode, int? FoundedYear);
