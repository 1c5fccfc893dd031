namespace ServerlessKomunitas.Mentoring;

/// <summary>Who asks for a mentor, as matching sees them: the community of the request and where they live.</summary>
public sealed record MenteeProfile(string PersonKey, string CommunityId, IReadOnlyCollection<string> Subsectors, string RegencyCode, string ProvinceCode, IndonesianTimeZone Zone);

/// <summary>A confirmed member who offers mentoring, with their load.</summary>
public sealed record MentorCandidate(string PersonKey, IReadOnlyCollection<string> CommunityIds, IReadOnlyCollection<string> Subsectors,
    string RegencyCode, string ProvinceCode, IndonesianTimeZone Zone, int Capacity, int ActiveMentees)
{
    public bool HasRoom => ActiveMentees < Capacity;
}

/// <summary>How near a mentor lives: the same kab/kota, else the same province, else the same time zone.</summary>
public enum Nearness
{
    Elsewhere = 0,
    SameZone = 1,
    SameProvince = 2,
    SameRegency = 3,
}

/// <summary>
/// Why a mentor was proposed, stored with the match so that the community contact can see it. Mentors of the
/// mentee's own community come before the network's; then more shared subsectors, then nearer.
/// </summary>
public sealed record MatchScore(bool SameCommunity, int SharedSubsectors, Nearness Nearness)
{
    /// <summary>Ten points per shared subsector and up to three for nearness, so that a subsector always outweighs place.</summary>
    public int Points => SharedSubsectors * 10 + (int)Nearness;
}

public sealed record MentorMatch(MentorCandidate Mentor, MatchScore Score);

/// <summary>The matching rules, as a pure function over candidates, so they are tested without storage.</summary>
public static class MentorMatcher
{
    /// <summary>
    /// Candidates who have room, share at least one subsector and are not the mentee (nor excluded: they declined or
    /// did not answer this request), best first. Ties go to the less loaded mentor, then to the key, so the order is stable.
    /// </summary>
    public static IReadOnlyList<MentorMatch> Rank(MenteeProfile mentee, IEnumerable<MentorCandidate> candidates, IReadOnlyCollection<string> excluded) =>
        candidates
            .Where(c => c.PersonKey != mentee.PersonKey && !excluded.Contains(c.PersonKey) && c.HasRoom)
            .Select(c => new MentorMatch(c, Score(mentee, c)))
            .Where(m => m.Score.SharedSubsectors > 0)
            .OrderByDescending(m => m.Score.SameCommunity)
            .ThenByDescending(m => m.Score.Points)
            .ThenBy(m => m.Mentor.ActiveMentees)
            .ThenBy(m => m.Mentor.PersonKey, StringComparer.Ordinal)
            .ToList();

    public static MatchScore Score(MenteeProfile mentee, MentorCandidate mentor) => new(
        mentor.CommunityIds.Contains(mentee.CommunityId),
        mentor.Subsectors.Intersect(mentee.Subsectors).Count(),
        mentor.RegencyCode == mentee.RegencyCode ? Nearness.SameRegency
            : mentor.ProvinceCode == mentee.ProvinceCode ? Nearness.SameProvince
            : mentor.Zone == mentee.Zone ? Nearness.SameZone
            : Nearness.Elsewhere);
}
