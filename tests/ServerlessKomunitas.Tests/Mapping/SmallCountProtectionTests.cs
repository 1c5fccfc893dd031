using ServerlessKomunitas.Mapping;

namespace ServerlessKomunitas.Tests.Mapping;

/// <summary>
/// Small counts of people stay hidden: a reader who has the parent's total, the cells shown, and the rule (a "&lt;3" cell
/// is 1 or 2, an "x" cell at least what they can tell) must find every "&lt;3" cell could be 1 and could be 2. The
/// reader here tries every assignment that adds up to the total.
/// </summary>
public class SmallCountProtectionTests
{
    [Fact]
    public void One_small_kab_kota_beside_larger_ones_takes_the_smallest_that_brings_slack_with_it()
    {
        ChildCount[] children = [new("63.09", 1), new("63.01", 5), new("63.02", 7), new("63.03", 3)];
        var (cells, totalWithheld) = SmallCountProtection.Protect(16, children);
        Assert.False(totalWithheld);
        Assert.Equal(CellState.Small, cells["63.09"]);
        Assert.Equal(CellState.Withheld, cells["63.01"]);
        Assert.Equal((CellState.Shown, CellState.Shown), (cells["63.02"], cells["63.03"]));
        AssertNoneRevealed(16, children, cells);
    }

    [Fact]
    public void Two_small_cells_of_one_each_would_add_up_to_two_so_a_third_is_withheld()
    {
        ChildCount[] children = [new("a", 1), new("b", 1), new("c", 9)];
        var (cells, _) = SmallCountProtection.Protect(11, children);
        Assert.Equal(CellState.Withheld, cells["c"]);
        AssertNoneRevealed(11, children, cells);
    }

    [Fact]
    public void A_one_and_a_two_protect_each_other()
    {
        ChildCount[] children = [new("a", 1), new("b", 2), new("c", 9)];
        var (cells, totalWithheld) = SmallCountProtection.Protect(12, children);
        Assert.False(totalWithheld);
        Assert.Equal(CellState.Shown, cells["c"]);
        AssertNoneRevealed(12, children, cells);
    }

    [Fact]
    public void With_nothing_to_hide_behind_the_total_is_withheld()
    {
        // With the 3 withheld, 4 = small + withheld and withheld >= 3 would pin the small cell to 1.
        ChildCount[] children = [new("a", 1), new("b", 0), new("c", 3)];
        var (cells, totalWithheld) = SmallCountProtection.Protect(4, children);
        Assert.True(totalWithheld);
        Assert.Equal(CellState.Small, cells["a"]);
        // What a reader can tell of that total: one for the small cell, three for the withheld one.
        Assert.Equal(4, SmallCountProtection.LeastOfWithheldTotal(children, cells));
    }

    [Fact]
    public void A_withheld_province_total_is_not_left_alone_in_the_national_table()
    {
        ChildCount[] provinces = [new("63", 5, WithheldAtLeast: 4), new("64", 40), new("35", 120)];
        var (cells, totalWithheld) = SmallCountProtection.Protect(165, provinces);
        Assert.False(totalWithheld);
        Assert.Equal(CellState.Withheld, cells["64"]);
        Assert.Equal(CellState.Shown, cells["35"]);
    }

    [Fact]
    public void Random_tables_never_reveal_a_small_cell()
    {
        var random = new Random(20261207);
        for (var table = 0; table < 2000; table++)
        {
            var children = Enumerable.Range(0, random.Next(1, 6)).Select(i => new ChildCount($"c{i}", random.Next(0, 4) == 0 ? random.Next(0, 3) : random.Next(0, 9))).ToList();
            var total = children.Sum(c => c.Value);
            var (cells, totalWithheld) = SmallCountProtection.Protect(total, children);
            Assert.All(children.Where(c => c.Value is 1 or 2), c => Assert.Equal(CellState.Small, cells[c.Code]));
            if (!totalWithheld)
            {
                AssertNoneRevealed(total, children, cells);
            }
        }
    }

    /// <summary>Every assignment a reader finds consistent with the total and the cells shown; each small cell must take both 1 and 2 among them.</summary>
    static void AssertNoneRevealed(long total, IReadOnlyList<ChildCount> children, IReadOnlyDictionary<string, CellState> cells)
    {
        var hidden = children.Where(c => cells[c.Code] != CellState.Shown).ToList();
        var rest = total - children.Where(c => cells[c.Code] == CellState.Shown).Sum(c => c.Value);
        var ranges = hidden.Select(c => cells[c.Code] == CellState.Small ? (1L, 2L) : (c.WithheldAtLeast ?? 3, rest)).ToList();
        var seen = hidden.Select(_ => new HashSet<long>()).ToList();
        void Try(int i, long left, long[] values)
        {
            if (i == hidden.Count)
            {
                if (left == 0)
                {
                    for (var j = 0; j < hidden.Count; j++)
                    {
                        seen[j].Add(values[j]);
                    }
                }
                return;
            }
            for (var v = ranges[i].Item1; v <= Math.Min(ranges[i].Item2, left); v++)
            {
                values[i] = v;
                Try(i + 1, left - v, values);
            }
        }
        Try(0, rest, new long[hidden.Count]);
        for (var j = 0; j < hidden.Count; j++)
        {
            if (cells[hidden[j].Code] == CellState.Small)
            {
                Assert.True(seen[j].SetEquals([1, 2]), $"{hidden[j].Code} ({hidden[j].Value}) can only be {string.Join(" or ", seen[j])} given the total {total}.");
            }
        }
    }
}
