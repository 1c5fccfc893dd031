namespace ServerlessKomunitas.Http;

/// <summary>One reason a field was refused: a stable English <see cref="Code"/> and a Bahasa Indonesia <see cref="Message"/>.</summary>
public sealed record FieldError(string Code, string Message);

/// <summary>Field name (the public contract's name) to the reasons it was refused.</summary>
public sealed class FieldErrors : Dictionary<string, List<FieldError>>
{
    public FieldErrors() : base(StringComparer.Ordinal) { }

    public bool IsEmpty => Count == 0;

    public FieldErrors Add(string field, string code, string message)
    {
        if (!TryGetValue(field, out var list))
        {
            this[field] = list = [];
        }
        if (!list.Any(e => e.Code == code))
        {
            list.Add(new FieldError(code, message));
        }
        return this;
    }

    public bool Has(string field) => ContainsKey(field);

    /// <summary>The hidden field of the anonymous forms that people leave empty and bots fill in.</summary>
    public const string Honeypot = "website";

    /// <summary>
    /// Where validating a form or JSON body starts: the wrong JSON types found while reading it, and the bot trap when
    /// <paramref name="honeypot"/> was filled in.
    /// </summary>
    public static FieldErrors StartingWith(FieldErrors typeErrors, string? honeypot)
    {
        var errors = new FieldErrors();
        foreach (var (field, list) in typeErrors)
        {
            list.ForEach(e => errors.Add(field, e.Code, e.Message));
        }
        return string.IsNullOrEmpty(honeypot) ? errors : errors.Add(Honeypot, "honeypot", "Kolom ini harus dikosongkan.");
    }
}
