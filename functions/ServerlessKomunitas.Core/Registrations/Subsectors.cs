namespace ServerlessKomunitas.Registrations;

/// <summary>The 17 official ekonomi kreatif subsectors, plus "lainnya" (other), by slug.</summary>
public static class Subsectors
{
    public const string Other = "lainnya";

    public static IReadOnlyDictionary<string, string> Names { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["aplikasi"] = "Aplikasi",
        ["arsitektur"] = "Arsitektur",
        ["desain-interior"] = "Desain Interior",
        ["desain-komunikasi-visual"] = "Desain Komunikasi Visual",
        ["desain-produk"] = "Desain Produk",
        ["fashion"] = "Fesyen",
        ["film-animasi-video"] = "Film, Animasi dan Video",
        ["fotografi"] = "Fotografi",
        ["kriya"] = "Kriya",
        ["kuliner"] = "Kuliner",
        ["musik"] = "Musik",
        ["penerbitan"] = "Penerbitan",
        ["periklanan"] = "Periklanan",
        ["seni-pertunjukan"] = "Seni Pertunjukan",
        ["seni-rupa"] = "Seni Rupa",
        ["televisi-radio"] = "Televisi dan Radio",
        ["pengembang-permainan"] = "Pengembang Permainan",
        [Other] = "Lainnya",
    };

    public static bool IsKnown(string slug) => Names.ContainsKey(slug);

    /// <summary>The known slugs chosen, lower-cased and once each; at least one is required.</summary>
    public static List<string> Validate(Http.FieldErrors errors, string field, IEnumerable<string> values, string requiredMessage = "Pilih minimal satu subsektor.")
    {
        var slugs = values.Select(s => s.Trim().ToLowerInvariant()).Where(s => s.Length > 0).Distinct().ToList();
        if (slugs.Count == 0 && !errors.Has(field))
        {
            errors.Add(field, "required", requiredMessage);
        }
        if (slugs.Any(s => !IsKnown(s)))
        {
            errors.Add(field, "unknown-subsector", "Ada subsektor yang tidak dikenal.");
        }
        return slugs.Where(IsKnown).ToList();
    }
}
