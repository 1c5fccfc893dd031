namespace ServerlessKomunitas.Proposals;

/// <summary>The kinds of event a community may propose, by slug (the API's words), with their Indonesian names.</summary>
public static class EventKinds
{
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["workshop"] = "Lokakarya",
        ["sharing-session"] = "Sesi berbagi",
        ["weekly-challenge"] = "Tantangan kreatif mingguan",
        ["monthly-challenge"] = "Tantangan kreatif bulanan",
        ["virtual-exhibition"] = "Pameran virtual",
        ["social-activity"] = "Kegiatan sosial",
        ["meetup"] = "Temu komunitas",
    };
}

/// <summary>The pentahelix partners a community may ask for support (community itself is the fifth helix).</summary>
public static class Pentahelix
{
    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["academia"] = "Akademisi",
        ["business"] = "Bisnis",
        ["government"] = "Pemerintah",
        ["media"] = "Media",
    };
}

/// <summary>Support asked of one pentahelix element.</summary>
public sealed record SupportRequest(string Element, string Need);
