using System.Runtime.Serialization;

namespace ServerlessKomunitas.Members;

public enum PersonStatus
{
    Unconfirmed,
    Confirmed,

    /// <summary>Consent withdrawn (UU PDP): nothing is processed or sent for this person, except the confirmation of it.</summary>
    Withdrawn,
}

/// <summary>
/// One human, whatever communities they join: keyed by a hash of the normalized address, so that a second sign-up
/// finds them. Preferences, time zone, mentoring and activity belong here, not to a membership. The partition
/// also holds the person's memberships, so that a confirmation changes both in one batch.
/// </summary>
public sealed class Person : ITableEntity
{
    public const string RowPrefix = "person-";

    string? rowKey;

    public string PartitionKey { get; set; } = "";

    /// <summary>
    /// "person-" and the key: unique per person rather than one constant, because Azurite finds a row through its
    /// RowKey index first, so a RowKey shared by every person made each insert and point read walk all persons
    /// (100,000 inserts took most of an hour). Azure does not care; the row is the same.
    /// </summary>
    public string RowKey { get => rowKey ?? RowOf(PartitionKey); set => rowKey = value; }
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    [IgnoreDataMember]
    public string Key => PartitionKey;

    /// <summary>Never stored: a community or proposal contact who is not a member, standing as a person for their data rights.</summary>
    [IgnoreDataMember]
    public bool IsContactOnly { get; init; }

    public string StatusName { get; set; } = nameof(PersonStatus.Unconfirmed);

    [IgnoreDataMember]
    public PersonStatus Status
    {
        get => Enum.Parse<PersonStatus>(StatusName);
        set => StatusName = value.ToString();
    }

    public string Name { get; set; } = "";

    /// <summary>How a short message greets the person: the first word of their name.</summary>
    [IgnoreDataMember]
    public string FirstName => FirstNameOf(Name);

    public static string FirstNameOf(string name) => name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? name;

    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public string RegencyCode { get; set; } = "";
    public string ProvinceCode { get; set; } = "";
    public string Zone { get; set; } = nameof(IndonesianTimeZone.WIB);
    public string SubsectorSlugs { get; set; } = "";
    public string? Profile { get; set; }
    public bool WantsMentor { get; set; }
    public bool OffersMentoring { get; set; }
    public int MentorCapacity { get; set; }

    /// <summary>Mentees now taking this person's time; changed only with a "mentee-" row in the same batch.</summary>
    public int ActiveMentees { get; set; }
    public string ConsentVersion { get; set; } = "";
    public DateTimeOffset ConsentedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? LastActiveAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }

    /// <summary>
    /// WhatsApp asked for on a sign-up form: the number and the WhatsApp consent (version and time). The opt-in message
    /// goes once a membership is confirmed (<see cref="WhatsApp.WhatsAppOptIn.RequestFromSignUpAsync"/>); until then nothing is sent there.
    /// </summary>
    public string WhatsAppNumber { get; set; } = "";
    public string WhatsAppConsentVersion { get; set; } = "";
    public DateTimeOffset? WhatsAppConsentedAt { get; set; }

    /// <summary>The email categories this person switched off (slugs, comma-separated). Preferences belong to the person.</summary>
    public string OptedOut { get; set; } = "";

    public bool Wants(Preferences.EmailCategory category) => !OptedOut.Split(',').Contains(Preferences.EmailCategories.Slug(category));

    [IgnoreDataMember]
    public IReadOnlyList<string> Subsectors => SubsectorSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public IndonesianTimeZone TimeZone => Enum.Parse<IndonesianTimeZone>(Zone);

    public static string RowOf(string personKey) => RowPrefix + personKey;

    /// <summary>The key of the person with this (normalized) address: a hash, never the address itself.</summary>
    public static string KeyOf(string normalizedEmail) => RecordId.FromSeed("person\n" + normalizedEmail);

    public static Person Create(NewMember m, DateTimeOffset now) => new()
    {
        PartitionKey = KeyOf(m.Email),
        Name = m.Name,
        Email = m.Email,
        Phone = m.Phone,
        RegencyCode = m.Regency.Code,
        ProvinceCode = m.Regency.ProvinceCode,
        Zone = m.Zone.ToString(),
        SubsectorSlugs = string.Join(',', m.Subsectors),
        Profile = m.Profile,
        WantsMentor = m.WantsMentor,
        OffersMentoring = m.OffersMentoring,
        MentorCapacity = m.MentorCapacity,
        ConsentVersion = m.ConsentVersion,
        ConsentedAt = now,
        CreatedAt = now,
        WhatsAppNumber = m.WhatsAppConsentVersion is null ? "" : m.Phone,
        WhatsAppConsentVersion = m.WhatsAppConsentVersion ?? "",
        WhatsAppConsentedAt = m.WhatsAppConsentVersion is null ? null : now,
    };
}

public enum MembershipStatus
{
    Unconfirmed,
    Confirmed,
    Expired,
}

/// <summary>
/// A person's membership of one community. Each sign-up attempt has its number: the confirmation link and the
/// workflow carry it, so that a link from an expired attempt no longer confirms.
/// </summary>
public sealed class Membership : TableRow
{
    public const string RowPrefix = "membership-";


    [IgnoreDataMember]
    public string PersonKey => PartitionKey;

    public string CommunityId { get; set; } = "";
    public string CommunityName { get; set; } = "";
    public string StatusName { get; set; } = nameof(MembershipStatus.Unconfirmed);

    [IgnoreDataMember]
    public MembershipStatus Status
    {
        get => Enum.Parse<MembershipStatus>(StatusName);
        set => StatusName = value.ToString();
    }

    public int Attempt { get; set; } = 1;
    public DateTimeOffset SignedUpAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }

    /// <summary>The sign-up workflow of this attempt.</summary>
    [IgnoreDataMember]
    public string InstanceId => InstanceIdOf(PersonKey, CommunityId, Attempt);

    public static string InstanceIdOf(string personKey, string communityId, int attempt) => $"member-{personKey}-{communityId}-{attempt}";

    public static string RowOf(string communityId) => RowPrefix + communityId;
}
