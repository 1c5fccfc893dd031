using System.Text.Unicode;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ServerlessKomunitas.Http;

/// <summary>A request body that was read within its size limit: either a JSON document or form fields.</summary>
public sealed class SubmittedBody : IDisposable
{
    SubmittedBody(JsonDocument? json, IReadOnlyDictionary<string, StringValues>? form)
    {
        Json = json;
        Form = form;
    }

    public JsonDocument? Json { get; }

    public IReadOnlyDictionary<string, StringValues>? Form { get; }

    public bool IsForm => Form is not null;

    /// <summary>A field as text, from a form or from a JSON string or number; null when absent or of another JSON type.</summary>
    public string? Text(string name)
    {
        if (Form is not null)
        {
            return Form.TryGetValue(name, out var value) ? value.ToString() : null;
        }
        if (Json!.RootElement.ValueKind != JsonValueKind.Object || !Json.RootElement.TryGetProperty(name, out var element))
        {
            return null;
        }
        return element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };
    }

    /// <summary>
    /// One of <paramref name="allowed"/>, or <paramref name="absent"/> when the field is not sent; anything else (another
    /// word, a JSON array or object) is an error on the field, and null is returned.
    /// </summary>
    public string? Choice(FieldErrors errors, string name, string absent, string message, params string[] allowed)
    {
        var present = Form is null
            ? Json!.RootElement.ValueKind == JsonValueKind.Object && Json.RootElement.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null
            : Form.ContainsKey(name);
        if (!present)
        {
            return absent;
        }
        var value = Text(name)?.Trim();
        if (value is not null && allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }
        errors.Add(name, "invalid", message);
        return null;
    }

    /// <summary>True when the field was sent at all (a JSON null counts as not sent).</summary>
    public bool Has(string name) => Form is null
        ? Json!.RootElement.TryGetProperty(name, out var element) && element.ValueKind != JsonValueKind.Null
        : Form.ContainsKey(name);

    /// <summary>True when the field was sent as something other than text: a JSON array, object or boolean.</summary>
    public bool IsMistyped(string name) => Form is null && Json!.RootElement.TryGetProperty(name, out var element)
        && element.ValueKind is JsonValueKind.Array or JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False;

    /// <summary>A ticked box: a form value of "ya", "true" or "on", or JSON <c>true</c>.</summary>
    public bool IsTicked(string name) => Form is null
        ? Json!.RootElement.ValueKind == JsonValueKind.Object && Json.RootElement.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.True
        : Text(name)?.Trim().ToLowerInvariant() is "ya" or "true" or "on";

    public static SubmittedBody FromJson(JsonDocument json) => new(json, null);

    public static SubmittedBody FromForm(IReadOnlyDictionary<string, StringValues> form) => new(null, form);

    public void Dispose() => Json?.Dispose();
}

/// <summary>
/// Reads JSON or form bodies with a hard size limit. Anything else is a 415, anything too big a 413, and
/// broken JSON a 400; each as problem+json, so a handler only ever sees a well-formed body.
/// </summary>
public static class RequestBody
{
    public const string Json = "application/json";
    public const string Form = "application/x-www-form-urlencoded";

    public static bool IsFormPost(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals(Form, StringComparison.OrdinalIgnoreCase);

    public static async Task<(SubmittedBody? Body, IResult? Problem)> ReadAsync(HttpRequest request, int limitBytes, bool allowForm = true)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ||
            !(type.MediaType.Equals(Json, StringComparison.OrdinalIgnoreCase) ||
              (allowForm && type.MediaType.Equals(Form, StringComparison.OrdinalIgnoreCase))))
        {
            return (null, allowForm ? Problems.UnsupportedMediaType(Json, Form) : Problems.UnsupportedMediaType(Json));
        }
        if (request.ContentLength > limitBytes)
        {
            return (null, Problems.TooLarge(limitBytes));
        }
        var bytes = await ReadUpToAsync(request.Body, limitBytes + 1, request.HttpContext.RequestAborted);
        if (bytes.Length > limitBytes)
        {
            return (null, Problems.TooLarge(limitBytes));
        }

        if (type.MediaType.Equals(Form, StringComparison.OrdinalIgnoreCase))
        {
            if (!Utf8.IsValid(bytes))
            {
                return (null, InvalidText("body"));
            }
            var text = Encoding.UTF8.GetString(bytes);
            var form = new FormReader(text) { ValueCountLimit = 200, ValueLengthLimit = limitBytes }.ReadForm();
            return FormFieldWithInvalidText(text) is { } field ? (null, InvalidText(field)) : (SubmittedBody.FromForm(form), null);
        }
        try
        {
            var json = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                json.Dispose();
                return (null, Problems.Validation(new FieldErrors().Add("body", "type", "Isi permintaan harus berupa objek JSON: {\"nama\": nilai, ...}.")));
            }
            // The parser accepts any bytes inside a string; reading one that is not UTF-8 would throw in the handler.
            if (!Utf8.IsValid(bytes))
            {
                var field = JsonFieldWithInvalidText(json.RootElement);
                json.Dispose();
                return (null, InvalidText(field));
            }
            return (SubmittedBody.FromJson(json), null);
        }
        catch (JsonException)
        {
            return (null, Problems.MalformedJson());
        }
    }

    static IResult InvalidText(string field) =>
        Problems.Validation(new FieldErrors().Add(field, "encoding", "Isian ini berisi karakter yang tidak sah (bukan teks UTF-8)."));

    /// <summary>The top-level member whose name or value is not valid UTF-8 ("body" when it cannot be named).</summary>
    static string JsonFieldWithInvalidText(JsonElement root)
    {
        foreach (var property in root.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                return "body";
            }
            try
            {
                _ = property.Value.GetRawText();
            }
            catch (InvalidOperationException)
            {
                return name;
            }
        }
        return "body";
    }

    /// <summary>
    /// The form field whose percent-encoded name or value does not decode to UTF-8 (the form reader would quietly put
    /// U+FFFD in its place), or null when every field is text.
    /// </summary>
    static string? FormFieldWithInvalidText(string text)
    {
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var separator = pair.IndexOf('=');
            var (name, value) = separator < 0 ? (pair, "") : (pair[..separator], pair[(separator + 1)..]);
            if (!IsUtf8WhenDecoded(name))
            {
                return "body";
            }
            if (!IsUtf8WhenDecoded(value))
            {
                return Uri.UnescapeDataString(name.Replace('+', ' '));
            }
        }
        return null;
    }

    static bool IsUtf8WhenDecoded(string encoded)
    {
        var raw = Encoding.UTF8.GetBytes(encoded);
        return Utf8.IsValid(System.Net.WebUtility.UrlDecodeToBytes(raw, 0, raw.Length));
    }

    /// <summary>Reads at most <paramref name="max"/> bytes, so that an oversized body is never read whole.</summary>
    public static async Task<byte[]> ReadUpToAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (buffer.Length < max)
        {
            var read = await body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, max - buffer.Length)), cancellationToken);
            if (read == 0)
            {
                break;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
