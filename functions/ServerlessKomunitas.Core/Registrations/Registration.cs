using System.Runtime.Serialization;

namespace ServerlessKomunitas.Registrations;

public enum RegistrationStatus
{
    AwaitingConfirmation,
    PendingApproval,
    Approved,
    Rejected,
    Expired,
}

/// <summary>
/// A community's registration: one row in the Registrations table, partitioned by its own random id.
/// This row is the truth; workflows drive it through ETag-conditional transitions.
/// </summary>
public sealed class Registration() : RecordRow<RegistrationStatus>(Row)
{
    public const string Row = "registration";

    public string Name { get; set; } = "";
    public string SubsectorSlugs { get; set; } = "";
    public string? OtherSubsector { get; set; }
    public string RegencyCode { get; set; } = "";
    public string ProvinceCode { get; set; } = "";
    public string ContactName { get; set; } = "";

    /// <summary>The contact's person key (a hash of the address): how a contact who is not a member finds their data.</summary>
    public string ContactKey { get; set; } = "";
    public string Email { get; set; } = "";
    public string Phone { get; set; } = "";
    public int MemberCount { get; set; }
    public int? FoundedYear { get; set; }
    public string LinksJson { get; set; } = "[]";
    public string? Description { get; set; }
    public string ConsentVersion { get; set; } = "";
    public DateTimeOffset ConsentAt { get; set; }

    /// <summary>
    /// WhatsApp the contact asked for on the form: the number and the WhatsApp consent (version and time). The opt-in
    /// message goes once the address is confirmed (<see cref="WhatsApp.WhatsAppOptIn.RequestFromRegistrationAsync"/>).
    /// </summary>
    public string WhatsAppNumber { get; set; } = "";
    public string WhatsAppConsentVersion { get; set; } = "";
    public DateTimeOffset? WhatsAppConsentedAt { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
    public int ApprovalRound { get; set; }
    public DateTimeOffset? ApprovalRequestedAt { get; set; }
    public DateTimeOffset? ApprovalDeadline { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionComment { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }

    /// <summary>Set by the approval engine: when the round's review started, how many decisions it holds, how it ended.</summary>
    public DateTimeOffset? ReviewStartedAt { get; set; }
    public int DecisionCount { get; set; }
    public string? ReviewOutcome { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> Subsectors => SubsectorSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public IReadOnlyList<string> Links => JsonSerializer.Deserialize<List<string>>(LinksJson) ?? [];

    [IgnoreDataMember]
    public bool IsClosed => Status is RegistrationStatus.Approved or RegistrationStatus.Rejected or RegistrationStatus.Expired;

    public static Registration Create(string id, NewRegistration input, DateTimeOffset now) => new()
    {
        PartitionKey = id,
        Status = RegistrationStatus.AwaitingConfirmation,
        Name = input.Name,
        SubsectorSlugs = string.Join(',', input.Subsectors),
        OtherSubsector = input.OtherSubsector,
        RegencyCode = input.Regency.Code,
        ProvinceCode = input.Regency.ProvinceCode,
        ContactName = input.ContactName,
        Email = input.Email,
        ContactKey = Members.Person.KeyOf(input.Email),
        Phone = input.Phone,
        MemberCount = input.MemberCount,
        FoundedYear = input.FoundedYear,
        LinksJson = JsonSerializer.Serialize(input.Links),
        Description = input.Description,
        ConsentVersion = input.ConsentVersion,
        ConsentAt = now,
        WhatsAppNumber = input.WhatsAppConsentVersion is null ? "" : input.Phone,
        WhatsAppConsentVersion = input.WhatsAppConsentVersion ?? "",
        WhatsAppConsentedAt = input.WhatsAppConsentVersion is null ? null : now,
        SubmittedAt = now,
    };
}
