using System.Runtime.Serialization;

namespace ServerlessKomunitas.Proposals;

public enum ProposalStatus
{
    AwaitingConfirmation,
    InReview,
    ChangesRequested,
    Approved,
    Confirmed,
    Rejected,
    Withdrawn,
    Expired,
    Cancelled,
}

/// <summary>
/// An event proposed by an approved community: one row in Proposals, partitioned by its own random id, with the
/// approvers' decision rows beside it. Times are stored in UTC with the zone of the event's regency.
/// </summary>
public sealed class Proposal() : RecordRow<ProposalStatus>(Row)
{
    public const string Row = "proposal";

    public string CommunityId { get; set; } = "";
    public string CommunityName { get; set; } = "";
    public string ContactName { get; set; } = "";

    /// <summary>The contact's person key (a hash of the address): how a contact who is not a member finds their data.</summary>
    public string ContactKey { get; set; } = "";
    public string ContactEmail { get; set; } = "";
    public string Title { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Description { get; set; }
    public string SubsectorSlugs { get; set; } = "";
    public string RegencyCode { get; set; } = "";
    public string ProvinceCode { get; set; } = "";
    public string Zone { get; set; } = "WIB";
    public DateTimeOffset StartUtc { get; set; }
    public DateTimeOffset EndUtc { get; set; }
    public string? Venue { get; set; }
    public string? OnlineLink { get; set; }
    public int Capacity { get; set; }
    public string SupportJson { get; set; } = "[]";
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }

    public int ApprovalRound { get; set; }
    public DateTimeOffset? ReviewStartedAt { get; set; }
    public DateTimeOffset? ApprovalRequestedAt { get; set; }
    public DateTimeOffset? ApprovalDeadline { get; set; }
    public int DecisionCount { get; set; }
    public string? ReviewOutcome { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }
    public string? DecisionComment { get; set; }
    public DateTimeOffset? ExpiredAt { get; set; }
    public DateTimeOffset? EventConfirmedAt { get; set; }
    public DateTimeOffset? WithdrawnAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }

    /// <summary>For the public calendar's filters; set while Confirmed.</summary>
    public bool Listed { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> Subsectors => SubsectorSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public IReadOnlyList<SupportRequest> Support => JsonSerializer.Deserialize<List<SupportRequest>>(SupportJson) ?? [];

    [IgnoreDataMember]
    public Regions.IndonesianTimeZone TimeZone => Enum.Parse<Regions.IndonesianTimeZone>(Zone);

    /// <summary>States in which the proposer can still withdraw (after Confirmed, withdrawing cancels).</summary>
    [IgnoreDataMember]
    public bool IsOpen => Status is ProposalStatus.AwaitingConfirmation or ProposalStatus.InReview or ProposalStatus.ChangesRequested
        or ProposalStatus.Approved or ProposalStatus.Confirmed;
}
