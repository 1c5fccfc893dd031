using System.Globalization;

namespace ServerlessKomunitas.Privacy;

/// <summary>
/// <c>GET /api/operator/breach?table=Persons&amp;from=...&amp;to=...</c> (or <c>key=links|storage|sendgrid</c>): the operator's
/// starting point for a breach notice. Operators only, as every operator route.
/// </summary>
public sealed class BreachEndpoints(BreachScope scope)
{
    public async Task<IResult> ReportAsync(HttpRequest request)
    {
        var errors = new FieldErrors();
        var table = request.Query["table"].ToString();
        var key = request.Query["key"].ToString();
        List<TableContents>? contents = null;
        if (table.Length > 0 == key.Length > 0)
        {
            errors.Add("table", "required", "Isi table (salah satu tabel) atau key (links, storage, atau sendgrid).");
        }
        else if (table.Length > 0)
        {
            contents = scope.Find(table) is { } found ? [found] : null;
            if (contents is null)
            {
                errors.Add("table", "unknown", $"Tabel tidak dikenal; pilih salah satu: {string.Join(", ", scope.Catalog.Select(c => c.Table))}.");
            }
        }
        else if (scope.Exposed(key) is { } exposed)
        {
            contents = [.. exposed];
        }
        else
        {
            errors.Add("key", "unknown", "key harus salah satu dari: links, storage, sendgrid.");
        }
        var from = Instant(errors, request, "from");
        var to = Instant(errors, request, "to");
        if (from is { } f && to is { } t && f > t)
        {
            errors.Add("to", "before-from", "to tidak boleh lebih awal dari from.");
        }
        if (!errors.IsEmpty)
        {
            return Problems.Validation(errors);
        }
        var report = await scope.ReportAsync(table.Length > 0 ? "table:" + contents![0].Table : "key:" + key, contents!, from!.Value, to!.Value, request.HttpContext.RequestAborted);
        return ApiResults.Ok(report);
    }

    static DateTimeOffset? Instant(FieldErrors errors, HttpRequest request, string name)
    {
        if (DateTimeOffset.TryParse(request.Query[name].ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            return value.ToUniversalTime();
        }
        errors.Add(name, "invalid", $"{name} harus berupa waktu ISO 8601, misalnya 2026-11-27T00:00:00Z.");
        return null;
    }
}
