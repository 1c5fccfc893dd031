namespace ServerlessKomunitas.Http;

/// <summary>
/// Reads a JSON body's fields as the forms deliver them (text, so that one validator serves both), and records a
/// field of the wrong JSON type as an error under its name rather than failing the whole body.
/// </summary>
public sealed class JsonFields(JsonElement root, FieldErrors errors)
{
    public FieldErrors Errors => errors;

    public string? Text(string key)
    {
        if (!Present(key, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            return v.GetString();
        }

        errors.Add(key, "type", "Harus berupa teks.");
        return null;
    }

    /// <summary>The number's text, for the validator's range rules.</summary>
    public string? Integer(string key)
    {
        if (!Present(key, out var v))
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.GetRawText();
        }

        errors.Add(key, "type", "Harus berupa angka bulat.");
        return null;
    }

    public IReadOnlyList<string> List(string key)
    {
        if (!Present(key, out var v))
        {
            return [];
        }

        if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
        {
            return v.EnumerateArray().Select(i => i.GetString()!).ToList();
        }
        errors.Add(key, "type", "Harus berupa daftar teks.");
        return [];
    }

    public bool? Boolean(string key)
    {
        if (!Present(key, out var v))
        {
            return null;
        }

        if (v.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetBoolean();
        }

        errors.Add(key, "type", "Harus berupa true atau false.");
        return null;
    }

    /// <summary>The raw element of a field with a shape of its own; null when absent or null.</summary>
    public JsonElement? Element(string key) => Present(key, out var v) ? v : null;

    bool Present(string key, out JsonElement value) =>
        root.TryGetProperty(key, out value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>A reader over <paramref name="root"/>, or null with the error recorded when the body is not an object.</summary>
    public static JsonFields? Of(JsonElement root, out FieldErrors errors)
    {
        errors = new FieldErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "type", "Isi permintaan harus berupa objek JSON.");
            return null;
        }
        return new JsonFields(root, errors);
    }
}
