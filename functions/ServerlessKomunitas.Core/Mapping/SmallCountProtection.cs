namespace ServerlessKomunitas.Mapping;

/// <summary>How a count of people is published: as it is, as "&lt;3", or withheld ("x") so that another cannot be worked out.</summary>
public enum CellState
{
    Shown,
    Small,
    Withheld,
}

/// <summary>One child's count in a parent's table, and, for a child whose own total is withheld, the least a reader can tell it is.</summary>
public sealed record ChildCount(string Code, long Value, long? WithheldAtLeast = null);

/// <summary>
/// Keeps small counts of people from being published or worked out (UU PDP). A count of 1 or 2 is shown as "&lt;3"
/// (primary suppression). A reader who has the parent's total and the children shown knows the sum of the rest, so the
/// rest must leave every small cell free to be 1 or 2: two or more small cells whose sum is neither all ones nor all
/// twos, or a withheld cell ("x", secondary suppression) that brings more than its known least. Secondary cells are the
/// smallest counts that do it (a reader knows such a cell is at least 3, since it was not small). When no cell can,
/// the parent's total is withheld instead, and the parent stands withheld, with what a reader knows of it, in its own
/// parent's table.
/// </summary>
public static class SmallCountProtection
{
    /// <summary>What a reader knows a secondary cell is at least: it was not small.</summary>
    const long SecondaryAtLeast = 3;

    public static (IReadOnlyDictionary<string, CellState> Cells, bool TotalWithheld) Protect(long total, IReadOnlyList<ChildCount> children)
    {
        var states = new Dictionary<string, CellState>(StringComparer.Ordinal);
        var atLeast = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var child in children)
        {
            (states[child.Code], atLeast[child.Code]) = child.WithheldAtLeast is { } known ? (CellState.Withheld, known)
                : child.Value is > 0 and < 3 ? (CellState.Small, 1) : (CellState.Shown, 0);
        }
        // Secondary cells: those that bring slack (more than 3) first, the smallest of them; a 3 only helps where a second cell is needed.
        var candidates = new Queue<ChildCount>(children.Where(c => states[c.Code] == CellState.Shown && c.Value >= SecondaryAtLeast)
            .OrderBy(c => c.Value == SecondaryAtLeast).ThenBy(c => c.Value).ThenBy(c => c.Code, StringComparer.Ordinal));
        while (!IsSafe(total, children, states, atLeast))
        {
            if (!candidates.TryDequeue(out var next))
            {
                return (states, true);
            }
            (states[next.Code], atLeast[next.Code]) = (CellState.Withheld, SecondaryAtLeast);
        }
        return (states, false);
    }

    /// <summary>What a reader can tell of a total withheld for <paramref name="cells"/>: the counts shown, one for each small cell, three for each withheld one.</summary>
    public static long LeastOfWithheldTotal(IReadOnlyList<ChildCount> children, IReadOnlyDictionary<string, CellState> cells) =>
        children.Sum(c => cells[c.Code] switch { CellState.Shown => c.Value, CellState.Small => 1, _ => c.WithheldAtLeast ?? SecondaryAtLeast });

    /// <summary>Whether every small cell could be 1 and could be 2, and no withheld cell is pinned, given the total and the cells shown.</summary>
    static bool IsSafe(long total, IReadOnlyList<ChildCount> children, Dictionary<string, CellState> states, Dictionary<string, long> atLeast)
    {
        var small = children.Count(c => states[c.Code] == CellState.Small);
        var withheld = children.Where(c => states[c.Code] == CellState.Withheld).ToList();
        if (small == 0 && withheld.Count == 0)
        {
            return true;
        }
        var hidden = total - children.Where(c => states[c.Code] == CellState.Shown).Sum(c => c.Value);
        return withheld.Count == 0
            ? small >= 2 && hidden >= small + 1 && hidden <= 2 * small - 1
            : small + withheld.Count >= 2 && hidden >= small + withheld.Sum(c => atLeast[c.Code]) + 1;
    }

    /// <summary>"&lt;3", "x", or the count.</summary>
    public static string Format(long value, CellState state) => state switch
    {
        CellState.Small => "<3",
        CellState.Withheld => "x",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
