namespace ServerlessKomunitas.Pages;

/// <summary>
/// Form controls that carry their label, hint, kept value and errors, wired for screen readers
/// (aria-describedby, aria-invalid). Field ids are "f-" + the field's public name.
/// </summary>
public static class FormFields
{
    public static string Id(string field) => "f-" + field;

    public static string ErrorSummary(FieldErrors errors, IReadOnlyDictionary<string, string> labels)
    {
        if (errors.IsEmpty)
        {
            return "";
        }
        var items = new StringBuilder();
        foreach (var (field, list) in errors)
        {
            var label = labels.GetValueOrDefault(field, field);
            foreach (var error in list)
            {
                items.Append($"<li><a href=\"#{Id(field)}\">{Html.Encode(label)}: {Html.Encode(error.Message)}</a></li>");
            }
        }
        return $"""<div class="summary" role="alert" tabindex="-1" id="ringkasan-kesalahan"><h2>Ada {errors.Values.Sum(l => l.Count)} isian yang perlu diperbaiki</h2><ul>{items}</ul></div>""";
    }

    public static string Errors(FieldErrors errors, string field) =>
        errors.TryGetValue(field, out var list)
            ? string.Concat(list.Select(e => $"""<p class="error" id="{Id(field)}-error">{Html.Encode(e.Message)}</p>"""))
            : "";

    static string Describe(FieldErrors errors, string field, string? hint)
    {
        var ids = new List<string>();
        if (hint is not null)
        {
            ids.Add(Id(field) + "-hint");
        }

        if (errors.ContainsKey(field))
        {
            ids.Add(Id(field) + "-error");
        }

        var invalid = errors.ContainsKey(field) ? " aria-invalid=\"true\"" : "";
        return (ids.Count > 0 ? $" aria-describedby=\"{string.Join(' ', ids)}\"" : "") + invalid;
    }

    static string Hint(string field, string? hint) =>
        hint is null ? "" : $"""<p class="hint" id="{Id(field)}-hint">{Html.Encode(hint)}</p>""";

    public static string Input(FieldErrors errors, string field, string label, string? value, string type = "text",
        string? hint = null, bool required = false, string? autocomplete = null, int? maxLength = null, string? inputMode = null)
    {
        var attributes = new StringBuilder();
        if (required)
        {
            attributes.Append(" required");
        }

        if (autocomplete is not null)
        {
            attributes.Append($" autocomplete=\"{autocomplete}\"");
        }

        if (maxLength is not null)
        {
            attributes.Append($" maxlength=\"{maxLength}\"");
        }

        if (inputMode is not null)
        {
            attributes.Append($" inputmode=\"{inputMode}\"");
        }

        var css = errors.ContainsKey(field) ? " class=\"invalid\"" : "";
        return $"""
            <label for="{Id(field)}">{Html.Encode(label)}{(required ? "" : " (opsional)")}</label>{Hint(field, hint)}{Errors(errors, field)}
            <input type="{type}" id="{Id(field)}" name="{field}" value="{Html.Encode(value)}"{attributes}{css}{Describe(errors, field, hint)}>
            """;
    }

    public static string TextArea(FieldErrors errors, string field, string label, string? value, string? hint = null, int? maxLength = null)
    {
        var css = errors.ContainsKey(field) ? " class=\"invalid\"" : "";
        var max = maxLength is null ? "" : $" maxlength=\"{maxLength}\"";
        return $"""
            <label for="{Id(field)}">{Html.Encode(label)} (opsional)</label>{Hint(field, hint)}{Errors(errors, field)}
            <textarea id="{Id(field)}" name="{field}"{max}{css}{Describe(errors, field, hint)}>{Html.Encode(value)}</textarea>
            """;
    }

    public static string Checkboxes(FieldErrors errors, string field, string legend, IEnumerable<(string Value, string Label)> options,
        IReadOnlyCollection<string> selected, string? hint = null)
    {
        var boxes = new StringBuilder();
        var index = 0;
        foreach (var (value, label) in options)
        {
            var id = index++ == 0 ? Id(field) : $"{Id(field)}-{value}";
            var isChecked = selected.Contains(value) ? " checked" : "";
            boxes.Append($"""<label class="choice" for="{id}"><input type="checkbox" id="{id}" name="{field}" value="{Html.Encode(value)}"{isChecked}>{Html.Encode(label)}</label>""");
        }
        return $"""<fieldset{Describe(errors, field, hint)}><legend>{Html.Encode(legend)}</legend>{Hint(field, hint)}{Errors(errors, field)}{boxes}</fieldset>""";
    }

    /// <summary>The kab/kota list grouped by province with its zone: a plain select, searchable by typing, no script.</summary>
    public static string RegencySelect(FieldErrors errors, IReadOnlyList<Province> provinces, string field, string label, string? selected, bool required = true)
    {
        var options = new StringBuilder();
        options.Append("<option value=\"\">Pilih kabupaten/kota</option>");
        foreach (var province in provinces)
        {
            options.Append($"<optgroup label=\"{Html.Encode(province.Name)} ({province.Zone})\">");
            foreach (var regency in province.Regencies)
            {
                var isSelected = regency.Code == selected ? " selected" : "";
                options.Append($"<option value=\"{regency.Code}\"{isSelected}>{Html.Encode(regency.Name)}</option>");
            }
            options.Append("</optgroup>");
        }
        var css = errors.ContainsKey(field) ? " class=\"invalid\"" : "";
        var described = errors.ContainsKey(field) ? $" aria-describedby=\"{Id(field)}-error\" aria-invalid=\"true\"" : "";
        return $"""
            <label for="{Id(field)}">{Html.Encode(label)}{(required ? "" : " (opsional)")}</label>{Errors(errors, field)}
            <select id="{Id(field)}" name="{field}"{(required ? " required" : "")}{css}{described}>{options}</select>
            """;
    }

    public static string Select(FieldErrors errors, string field, string label, IEnumerable<(string Value, string Label)> choices, string? selected,
        string? hint = null, bool required = true, string empty = "Pilih")
    {
        var options = new StringBuilder($"<option value=\"\">{Html.Encode(empty)}</option>");
        foreach (var (value, text) in choices)
        {
            options.Append($"<option value=\"{Html.Encode(value)}\"{(value == selected ? " selected" : "")}>{Html.Encode(text)}</option>");
        }
        var css = errors.ContainsKey(field) ? " class=\"invalid\"" : "";
        return $"""
            <label for="{Id(field)}">{Html.Encode(label)}{(required ? "" : " (opsional)")}</label>{Hint(field, hint)}{Errors(errors, field)}
            <select id="{Id(field)}" name="{field}"{(required ? " required" : "")}{css}{Describe(errors, field, hint)}>{options}</select>
            """;
    }

    /// <summary>
    /// The field people leave empty and bots fill in: hidden from people, and shown only if it was filled, so that a
    /// person whose browser autofilled it can empty it.
    /// </summary>
    public static string Honeypot(FieldErrors errors, string field, string formStamp) =>
        $"""{(errors.Has(field) ? "<div>" : "<div class=\"trap\" aria-hidden=\"true\">")}<label for="{Id(field)}">Jangan isi kolom ini</label>{Errors(errors, field)}<input type="text" id="{Id(field)}" name="{field}" tabindex="-1" autocomplete="off" value=""></div>"""
        + $"""{Errors(errors, Abuse.FormTiming.Field)}<input type="hidden" id="{Id(Abuse.FormTiming.Field)}" name="{Abuse.FormTiming.Field}" value="{Html.Encode(formStamp)}">""";

    /// <summary>The UU PDP consent box with the version of the text shown, which the submission records.</summary>
    public static string Consent(FieldErrors errors, string field, string versionField, string legend, bool isChecked, string version, string text) => $"""
        <fieldset><legend>{Html.Encode(legend)}</legend>{Errors(errors, field)}{Errors(errors, versionField)}
        <label class="choice" for="{Id(field)}"><input type="checkbox" id="{Id(field)}" name="{field}" value="on"{(isChecked ? " checked" : "")}>{Html.Encode(text)}</label>
        <input type="hidden" name="{versionField}" value="{Html.Encode(version)}">
        </fieldset>
        """;
}
