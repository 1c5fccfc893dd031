namespace ServerlessKomunitas.Mapping;

/// <summary>
/// What the map counts for each area (a kab/kota, a province, the nation), by the names the API, the open data and
/// the aggregate rows use. A breakdown is the measure's name, a bar and its key: "communities|musik",
/// "events-held-month|2026-11", "support|government".
/// </summary>
public static class MapMeasures
{
    public const string Communities = "communities";
    public const string Members = "members";
    public const string EventsHeld = "events-held";
    public const string EventsUpcoming = "events-upcoming";
    public const string Attending = "rsvps-attending";
    public const string Waitlisted = "rsvps-waitlisted";
    public const string MentorshipsActive = "mentorships-active";
    public const string MentorshipsCompleted = "mentorships-completed";

    /// <summary>The measures every area has, in the order tables and files show them.</summary>
    public static IReadOnlyList<string> Headline { get; } =
        [Communities, Members, EventsHeld, EventsUpcoming, Attending, Waitlisted, MentorshipsActive, MentorshipsCompleted];

    /// <summary>
    /// Counts of people: published as "&lt;3" under three, with the cells that would give them away withheld too
    /// (<see cref="SmallCountProtection"/>). Communities and events are not people.
    /// </summary>
    public static bool CountsPeople(string measure) => measure is Members or Attending or Waitlisted or MentorshipsActive or MentorshipsCompleted;

    public static string CommunitiesIn(string subsector) => $"{Communities}|{subsector}";

    public static string EventsHeldIn(string subsector) => $"{EventsHeld}|{subsector}";

    /// <summary>Events held in a month of the event's own zone ("2026-11").</summary>
    public static string EventsHeldInMonth(string month) => $"{EventsHeld}-month|{month}";

    /// <summary>Proposals that asked a pentahelix element for support (once per proposal and element).</summary>
    public static string SupportAskedOf(string element) => $"support|{element}";

    /// <summary>
    /// In the national table, a province whose total of <paramref name="measure"/> is withheld (its row's count is what
    /// a reader can tell the total is at least); see <see cref="SmallCountProtection"/>.
    /// </summary>
    public static string WithheldTotal(string measure) => $"withheld|{measure}";

    /// <summary>Whether a key is a <see cref="WithheldTotal"/> marker, not a count: it is never added up.</summary>
    public static bool IsWithheldMarker(string key) => key.StartsWith("withheld|", StringComparison.Ordinal);

    /// <summary>The code of the whole country, beside Kemendagri's province ("63") and kab/kota ("63.09") codes.</summary>
    public const string Nation = "ID";

    /// <summary>The area a code names one level up: a kab/kota's province, a province's nation; null for the nation.</summary>
    public static string? ParentOf(string code) => code == Nation ? null : code.Contains('.') ? code[..code.IndexOf('.')] : Nation;
}
