using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;

namespace ServerlessKomunitas.Mapping;

/// <summary>The kinds of record the map counts; each record counts in one kab/kota.</summary>
public enum MapSourceKind
{
    /// <summary>A registration: an approved community.</summary>
    Community,
    /// <summary>A person: a confirmed member, where they live.</summary>
    Person,
    /// <summary>A proposal: the support it asks, and once confirmed the event, held or upcoming, with its RSVPs.</summary>
    Event,
    /// <summary>A mentorship, in the kab/kota of the mentee's community.</summary>
    Mentorship,
}

/// <summary>One record the map counts, by its id (a person's key for a person). No personal data.</summary>
public sealed record MapSource(MapSourceKind Kind, string Id)
{
    /// <summary>The name of the record's part in its kab/kota's figures: "event|0f3a...".</summary>
    public string Key => $"{Kind.ToString().ToLowerInvariant()}|{Id}";
}

/// <summary>What one record adds to the map: its kab/kota ("" when it counts nowhere) and its figures there.</summary>
public sealed record MapContribution(string Regency, IReadOnlyDictionary<string, long> Figures)
{
    public static MapContribution None { get; } = new("", new Dictionary<string, long>());

    public bool SameAs(MapContribution other) => Regency == other.Regency && MapFigureSets.Same(Figures, other.Figures);
}

/// <summary>
/// The rules of what each record counts for, from the columns the rebuild reads (a row of that table, as a
/// <see cref="TableEntity"/> with at least <see cref="Columns"/>): one place for the rebuild and for the steps that
/// keep the figures current (<see cref="MapFigureKeeper"/>), so that the two cannot count differently.
/// </summary>
public static class MapCounting
{
    public static class Columns
    {
        public static readonly string[] Registration = ["StatusName", "RegencyCode", "SubsectorSlugs", "SubmittedAt"];
        public static readonly string[] Person = ["StatusName", "RegencyCode"];
        public static readonly string[] Proposal = ["StatusName", "RegencyCode", "SubsectorSlugs", "StartUtc", "EndUtc", "Zone", "SupportJson", "ConfirmedAt"];
        public static readonly string[] Rsvp = ["StatusName"];
        public static readonly string[] Mentorship = ["StatusName", "CommunityId"];
    }

    /// <summary>An approved community counts once, and once in each of its subsectors.</summary>
    public static MapContribution Community(TableEntity registration)
    {
        var regency = registration.GetString("RegencyCode") ?? "";
        if (registration.GetString("StatusName") != nameof(RegistrationStatus.Approved) || regency.Length == 0)
        {
            return MapContribution.None;
        }
        var figures = new Dictionary<string, long> { [MapMeasures.Communities] = 1 };
        foreach (var subsector in Slugs(registration.GetString("SubsectorSlugs")))
        {
            figures[MapMeasures.CommunitiesIn(subsector)] = 1;
        }
        return new(regency, figures);
    }

    /// <summary>The kab/kota a community is in, approved or not (a mentorship counts there).</summary>
    public static string RegencyOf(TableEntity registration) => registration.GetString("RegencyCode") ?? "";

    /// <summary>A confirmed person with at least one confirmed membership is a member where they live.</summary>
    /// <param name="rows">The person's partition: the person row and their memberships.</param>
    public static MapContribution Person(string personKey, IEnumerable<TableEntity> rows)
    {
        string? regency = null;
        var member = false;
        foreach (var row in rows)
        {
            var status = row.GetString("StatusName");
            if (row.RowKey == Members.Person.RowOf(personKey) && status == nameof(PersonStatus.Confirmed))
            {
                regency = row.GetString("RegencyCode");
            }
            else if (row.RowKey.StartsWith(Membership.RowPrefix, StringComparison.Ordinal) && status == nameof(MembershipStatus.Confirmed))
            {
                member = true;
            }
        }
        return member && regency is { Length: > 0 } ? new(regency, new Dictionary<string, long> { [MapMeasures.Members] = 1 }) : MapContribution.None;
    }

    /// <summary>Whether an RSVP row holds a place: attending or waitlisted, or neither (null).</summary>
    public static string? RsvpMeasure(TableEntity rsvp) =>
        !rsvp.RowKey.StartsWith(Rsvps.Rsvp.RowOf(""), StringComparison.Ordinal) ? null : rsvp.GetString("StatusName") switch
        {
            nameof(RsvpStatus.Attending) => MapMeasures.Attending,
            nameof(RsvpStatus.Waitlisted) => MapMeasures.Waitlisted,
            _ => null,
        };

    /// <summary>
    /// A proposal confirmed by its community asks support of each pentahelix element it names (once each) unless
    /// withdrawn; a confirmed event (approved, confirmed, not cancelled) is held once it ended, per subsector and per
    /// month of its own zone, else upcoming; its RSVPs count while it is on.
    /// </summary>
    /// <param name="places">The event's RSVPs holding a place, by <see cref="RsvpMeasure"/>.</param>
    public static MapContribution Event(TableEntity proposal, IReadOnlyDictionary<string, long> places, DateTimeOffset now)
    {
        var regency = proposal.GetString("RegencyCode") ?? "";
        var status = Enum.TryParse<ProposalStatus>(proposal.GetString("StatusName"), out var s) ? s : ProposalStatus.AwaitingConfirmation;
        if (regency.Length == 0)
        {
            return MapContribution.None;
        }
        var figures = new Dictionary<string, long>(StringComparer.Ordinal);
        if (proposal.GetDateTimeOffset("ConfirmedAt") is not null && status != ProposalStatus.Withdrawn)
        {
            foreach (var element in (JsonSerializer.Deserialize<List<SupportRequest>>(proposal.GetString("SupportJson") ?? "[]") ?? []).Select(r => r.Element).Distinct())
            {
                figures[MapMeasures.SupportAskedOf(element)] = 1;
            }
        }
        if (status == ProposalStatus.Confirmed)
        {
            if (proposal.GetDateTimeOffset("EndUtc") is { } end && end <= now)
            {
                figures[MapMeasures.EventsHeld] = 1;
                foreach (var subsector in Slugs(proposal.GetString("SubsectorSlugs")))
                {
                    figures[MapMeasures.EventsHeldIn(subsector)] = 1;
                }
                var zone = Enum.TryParse<IndonesianTimeZone>(proposal.GetString("Zone"), out var z) ? z : IndonesianTimeZone.WIB;
                var start = TimeZoneInfo.ConvertTime(proposal.GetDateTimeOffset("StartUtc") ?? end, zone.Info());
                figures[MapMeasures.EventsHeldInMonth($"{start.Year:0000}-{start.Month:00}")] = 1;
            }
            else
            {
                figures[MapMeasures.EventsUpcoming] = 1;
            }
            foreach (var (measure, count) in places.Where(p => p.Value > 0))
            {
                figures[measure] = count;
            }
        }
        return figures.Count == 0 ? MapContribution.None : new(regency, figures);
    }

    /// <summary>Whether a proposal's RSVPs count: only a confirmed event's do.</summary>
    public static bool CountsRsvps(TableEntity proposal) => proposal.GetString("StatusName") == nameof(ProposalStatus.Confirmed);

    /// <summary>An active mentorship (with its feedback stage) or a completed one, in its community's kab/kota.</summary>
    public static MapContribution Mentorship(TableEntity mentorship, string communityRegency) =>
        communityRegency.Length == 0 ? MapContribution.None : mentorship.GetString("StatusName") switch
        {
            nameof(MentorshipStatus.Active) or nameof(MentorshipStatus.Feedback) => new(communityRegency, new Dictionary<string, long> { [MapMeasures.MentorshipsActive] = 1 }),
            nameof(MentorshipStatus.Completed) => new(communityRegency, new Dictionary<string, long> { [MapMeasures.MentorshipsCompleted] = 1 }),
            _ => MapContribution.None,
        };

    static string[] Slugs(string? list) => (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Sets of figures (measure to count; an absent measure is zero): compared, added and stored as JSON.</summary>
public static class MapFigureSets
{
    public static bool Same(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        a.Where(f => f.Value != 0).Count() == b.Where(f => f.Value != 0).Count() && a.Where(f => f.Value != 0).All(f => b.GetValueOrDefault(f.Key) == f.Value);

    /// <summary>The same set in the same text every time (sorted, zeros left out), so that equal sets store equal.</summary>
    public static string ToJson(IReadOnlyDictionary<string, long> figures) =>
        JsonSerializer.Serialize(new SortedDictionary<string, long>(figures.Where(f => f.Value != 0).ToDictionary(f => f.Key, f => f.Value), StringComparer.Ordinal));

    public static Dictionary<string, long> FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new(StringComparer.Ordinal) : new(JsonSerializer.Deserialize<Dictionary<string, long>>(json) ?? [], StringComparer.Ordinal);

    /// <summary>Adds <paramref name="figures"/> into <paramref name="sum"/>, times <paramref name="sign"/>; markers of a withheld total are not counts and are left out.</summary>
    public static void AddInto(Dictionary<string, long> sum, IReadOnlyDictionary<string, long> figures, long sign = 1)
    {
        foreach (var (measure, count) in figures)
        {
            if (!MapMeasures.IsWithheldMarker(measure))
            {
                sum[measure] = sum.GetValueOrDefault(measure) + sign * count;
            }
        }
    }
}
