using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Regions;

namespace ServerlessKomunitas.Tests.Mentoring;

/// <summary>The matching rules over a seeded population with the edge cases in it.</summary>
public class MentorMatcherTests
{
    const string Malang = "community-malang";
    const string Surabaya = "community-surabaya";

    // A digital illustrator in Kota Malang (35.73, Jawa Timur, WIB), asking in her Malang community.
    static readonly MenteeProfile Mentee = new("mentee", Malang, ["desain-komunikasi-visual", "seni-rupa"], "35.73", "35", IndonesianTimeZone.WIB);

    static MentorCandidate Mentor(string key, string[] communities, string[] subsectors, string regency, string province, IndonesianTimeZone zone, int capacity = 2, int active = 0) =>
        new(key, communities, subsectors, regency, province, zone, capacity, active);

    static readonly MentorCandidate[] Population =
    [
        // The mentee herself also offers mentoring: never her own mentor.
        Mentor("mentee", [Malang], ["desain-komunikasi-visual"], "35.73", "35", IndonesianTimeZone.WIB),
        // Same community, same city, but full.
        Mentor("full-same-city", [Malang], ["desain-komunikasi-visual", "seni-rupa"], "35.73", "35", IndonesianTimeZone.WIB, capacity: 2, active: 2),
        // Same community and city, but no shared subsector.
        Mentor("musician-same-city", [Malang], ["musik"], "35.73", "35", IndonesianTimeZone.WIB),
        // Same community, Kabupaten Malang (same province), one shared subsector.
        Mentor("community-same-province", [Malang], ["desain-komunikasi-visual"], "35.07", "35", IndonesianTimeZone.WIB),
        // Network, same city, both subsectors: more points, but not of her community.
        Mentor("network-same-city-two", [Surabaya], ["desain-komunikasi-visual", "seni-rupa"], "35.73", "35", IndonesianTimeZone.WIB),
        // Network, Kota Bandung (another province, same zone WIB), one shared subsector.
        Mentor("network-other-province-same-zone", [Surabaya], ["seni-rupa"], "32.73", "32", IndonesianTimeZone.WIB),
        // Network, Kota Makassar (WITA), one shared subsector.
        Mentor("network-other-zone", [Surabaya], ["seni-rupa"], "73.71", "73", IndonesianTimeZone.WITA),
        // Network, same city, one shared subsector, lightly loaded vs. the next one equally scored.
        Mentor("network-same-city-busy", [Surabaya], ["desain-komunikasi-visual"], "35.73", "35", IndonesianTimeZone.WIB, capacity: 3, active: 2),
        Mentor("network-same-city-free", [Surabaya], ["desain-komunikasi-visual"], "35.73", "35", IndonesianTimeZone.WIB, capacity: 3, active: 0),
    ];

    [Fact]
    public void Her_communitys_mentors_come_first_then_the_network_by_subsectors_nearness_and_load()
    {
        var ranked = MentorMatcher.Rank(Mentee, Population, []).Select(m => m.Mentor.PersonKey);

        Assert.Equal([
            "community-same-province",
            "network-same-city-two",
            "network-same-city-free",
            "network-same-city-busy",
            "network-other-province-same-zone",
            "network-other-zone",
        ], ranked);
    }

    [Fact]
    public void The_mentee_a_full_mentor_and_one_with_no_shared_subsector_are_never_proposed()
    {
        var keys = MentorMatcher.Rank(Mentee, Population, []).Select(m => m.Mentor.PersonKey).ToList();

        Assert.DoesNotContain("mentee", keys);
        Assert.DoesNotContain("full-same-city", keys);
        Assert.DoesNotContain("musician-same-city", keys);
    }

    [Fact]
    public void Another_province_in_the_same_zone_scores_above_another_zone()
    {
        var sameZone = MentorMatcher.Score(Mentee, Population.Single(c => c.PersonKey == "network-other-province-same-zone"));
        var otherZone = MentorMatcher.Score(Mentee, Population.Single(c => c.PersonKey == "network-other-zone"));

        Assert.Equal(new MatchScore(false, 1, Nearness.SameZone), sameZone);
        Assert.Equal(new MatchScore(false, 1, Nearness.Elsewhere), otherZone);
        Assert.True(sameZone.Points > otherZone.Points);
    }

    [Fact]
    public void The_score_keeps_its_parts()
    {
        var score = MentorMatcher.Score(Mentee, Population.Single(c => c.PersonKey == "network-same-city-two"));

        Assert.Equal(new MatchScore(SameCommunity: false, SharedSubsectors: 2, Nearness.SameRegency), score);
        Assert.Equal(23, score.Points);
    }

    [Fact]
    public void Those_who_declined_or_did_not_answer_are_skipped_and_the_next_is_proposed()
    {
        var ranked = MentorMatcher.Rank(Mentee, Population, ["community-same-province", "network-same-city-two"]);

        Assert.Equal("network-same-city-free", ranked[0].Mentor.PersonKey);
    }

    [Fact]
    public void With_nobody_left_there_is_no_match()
    {
        Assert.Empty(MentorMatcher.Rank(Mentee, Population, Population.Select(c => c.PersonKey).ToArray()));
        Assert.Empty(MentorMatcher.Rank(Mentee, [], []));
    }
}
