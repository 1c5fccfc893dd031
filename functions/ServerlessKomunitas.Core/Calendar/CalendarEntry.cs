using System.Runtime.Serialization;
using ServerlessKomunitas.Proposals;

namespace ServerlessKomunitas.Calendar;

/// <summary>
/// One confirmed event in the public calendar: only what anyone may read, never the contact. Partitioned by the
/// month the event starts (UTC) and ordered by start inside it, so that "upcoming" is a range read in time order.
/// </summary>
public sealed class CalendarEntry : TableRow
{
    public string ProposalId { get; set; } = "";
    public string Title { get; set; } = "";
    public string Kind { get; set; } = "";
    public string? Description { get; set; }
    public string CommunityName { get; set; } = "";
    public string SubsectorSlugs { get; set; } = "";
    public string RegencyCode { get; set; } = "";
    public string RegencyName { get; set; } = "";
    public string ProvinceCode { get; set; } = "";
    public string Zone { get; set; } = nameof(IndonesianTimeZone.WIB);
    public DateTimeOffset StartUtc { get; set; }
    public DateTimeOffset EndUtc { get; set; }
    public string? Venue { get; set; }
    public string? OnlineLink { get; set; }
    public int Capacity { get; set; }
    public DateTimeOffset ConfirmedAt { get; set; }

    [IgnoreDataMember]
    public IReadOnlyList<string> Subsectors => SubsectorSlugs.Split(',', StringSplitOptions.RemoveEmptyEntries);

    [IgnoreDataMember]
    public IndonesianTimeZone TimeZone => Enum.Parse<IndonesianTimeZone>(Zone);

    public static string PartitionFor(DateTimeOffset startUtc) => startUtc.UtcDateTime.ToString("yyyy-MM");

    public static string RowFor(DateTimeOffset startUtc, string proposalId) => $"{startUtc.UtcDateTime:yyyyMMddHHmm}-{proposalId}";

    /// <summary>A boolean column per target subsector, so that the subsector filter runs in Table Storage and pages stay exact.</summary>
    public static string SubsectorColumn(string slug) => "Sub_" + slug.Replace('-', '_');

    public static CalendarEntry From(Proposal p, string regencyName) => new()
    {
        PartitionKey = PartitionFor(p.StartUtc),
        RowKey = RowFor(p.StartUtc, p.Id),
        ProposalId = p.Id,
        Title = p.Title,
        Kind = p.Kind,
        Description = p.Description,
        CommunityName = p.CommunityName,
        SubsectorSlugs = p.SubsectorSlugs,
        RegencyCode = p.RegencyCode,
        RegencyName = regencyName,
        ProvinceCode = p.ProvinceCode,
        Zone = p.Zone,
        StartUtc = p.StartUtc,
        EndUtc = p.EndUtc,
        Venue = p.Venue,
        OnlineLink = p.OnlineLink,
        Capacity = p.Capacity,
        ConfirmedAt = p.EventConfirmedAt ?? p.DecidedAt ?? p.SubmittedAt,
    };

    /// <summary>The row as written: this entry's columns plus one flag per subsector.</summary>
    public TableEntity ToRow()
    {
        var row = new TableEntity(PartitionKey, RowKey);
        foreach (var property in typeof(CalendarEntry).GetProperties())
        {
            if (property.GetCustomAttributes(typeof(IgnoreDataMemberAttribute), true).Length == 0 && property.Name is not (nameof(PartitionKey) or nameof(RowKey) or nameof(Timestamp) or nameof(ETag)))
            {
                if (property.GetValue(this) is { } value)
                {
                    row[property.Name] = value;
                }
            }
        }
        foreach (var slug in Subsectors)
        {
            row[SubsectorColumn(slug)] = true;
        }
        return row;
    }
}
