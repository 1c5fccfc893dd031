using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Regions;

namespace ServerlessKomunitas.Tests.Mentoring;

/// <summary>Check-ins go at 09.00 in each participant's own zone, computed in UTC, around midnight UTC.</summary>
public class CheckInScheduleTests
{
    static Programme Every(TimeSpan interval, int? localHour = 9, int checkIns = 3) =>
        new(checkIns, interval, TimeSpan.FromDays(3), localHour, TimeSpan.FromDays(3), TimeSpan.FromDays(90), TimeSpan.FromDays(7));

    // Accepted at 23.30 UTC on 1 Dec: 06.30 WIB, 07.30 WITA and 08.30 WIT on 2 Dec.
    static readonly DateTimeOffset Start = new(2026, 12, 1, 23, 30, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(IndonesianTimeZone.WIB, 2)]  // 09.00 WIB = 02.00 UTC
    [InlineData(IndonesianTimeZone.WITA, 1)] // 09.00 WITA = 01.00 UTC
    [InlineData(IndonesianTimeZone.WIT, 0)]  // 09.00 WIT = 00.00 UTC
    public void Each_check_in_goes_at_nine_in_the_participants_zone(IndonesianTimeZone zone, int utcHour)
    {
        var plan = CheckInSchedule.Plan(Start, Every(TimeSpan.FromDays(14)), zone);

        // Due 23.30 UTC on 15 Dec, the morning of 16 Dec in every Indonesian zone, before nine: nine that morning.
        Assert.Equal([new DateTime(2026, 12, 16, utcHour, 0, 0), new DateTime(2026, 12, 30, utcHour, 0, 0), new DateTime(2027, 1, 13, utcHour, 0, 0)], plan);
        Assert.All(plan, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public void A_due_time_after_nine_waits_for_nine_the_next_morning()
    {
        // Due 00.30 UTC: 09.30 WIT (after nine, so the next morning), 08.30 WITA and 07.30 WIB (nine the same morning).
        var start = new DateTimeOffset(2026, 12, 2, 0, 30, 0, TimeSpan.Zero);

        Assert.Equal(new DateTime(2026, 12, 17, 0, 0, 0), CheckInSchedule.Plan(start, Every(TimeSpan.FromDays(14)), IndonesianTimeZone.WIT)[0]);
        Assert.Equal(new DateTime(2026, 12, 16, 1, 0, 0), CheckInSchedule.Plan(start, Every(TimeSpan.FromDays(14)), IndonesianTimeZone.WITA)[0]);
        Assert.Equal(new DateTime(2026, 12, 16, 2, 0, 0), CheckInSchedule.Plan(start, Every(TimeSpan.FromDays(14)), IndonesianTimeZone.WIB)[0]);
    }

    [Fact]
    public void Without_a_local_hour_check_ins_go_when_due()
    {
        var plan = CheckInSchedule.Plan(Start, Every(TimeSpan.FromSeconds(2), localHour: null), IndonesianTimeZone.WIT);

        Assert.Equal([Start.UtcDateTime.AddSeconds(2), Start.UtcDateTime.AddSeconds(4), Start.UtcDateTime.AddSeconds(6)], plan);
    }
}
