using System.Text.Json;
using Microsoft.Extensions.Primitives;
using ServerlessKomunitas.Http;

namespace ServerlessKomunitas.Proposals;

/// <summary>A proposal as submitted (JSON or form), before validation; values kept as typed so a form can be shown again.</summary>
public sealed class ProposalInput
{
    public string? CommunityId { get; init; }
    public string? Title { get; init; }
    public string? Kind { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<string> Subsectors { get; init; } = [];
    public string? RegencyCode { get; init; }
    public string? Start { get; init; }
    public string? End { get; init; }
    public string? Venue { get; init; }
    public string? OnlineLink { get; init; }
    public string? Capacity { get; init; }
    public IReadOnlyDictionary<string, string> Support { get; init; } = new Dictionary<string, string>();
    public string? Website { get; init; }
    public FieldErrors TypeErrors { get; init; } = new();

    public static class Fields
    {
        public const string CommunityId = "communityId";
        public const string Title = "title";
        public const string Kind = "kind";
        public const string Description = "description";
        public const string Subsectors = "subsectors";
        public const string RegencyCode = "regencyCode";
        public const string Start = "start";
        public const string End = "end";
        public const string Venue = "venue";
        public const string OnlineLink = "onlineLink";
        public const string Capacity = "capacity";
        public const string Support = "support";
        public const string Website = "website";

        /// <summary>In a form, the need asked of one element is the field "support-{element}".</summary>
        public static string SupportFor(string element) => $"support-{element}";
    }

    public static ProposalInput FromForm(IReadOnlyDictionary<string, StringValues> form)
    {
        string? One(string key) => form.TryGetValue(key, out var v) ? v.ToString() : null;
        return new ProposalInput
        {
            CommunityId = One(Fields.CommunityId),
            Title = One(Fields.Title),
            Kind = One(Fields.Kind),
            Description = One(Fields.Description),
            Subsectors = form.TryGetValue(Fields.Subsectors, out var s) ? s.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!).ToList() : [],
            RegencyCode = One(Fields.RegencyCode),
            Start = One(Fields.Start),
            End = One(Fields.End),
            Venue = One(Fields.Venue),
            OnlineLink = One(Fields.OnlineLink),
            Capacity = One(Fields.Capacity),
            Support = Pentahelix.Names.Keys
                .Select(e => (e, One(Fields.SupportFor(e))))
                .Where(p => !string.IsNullOrWhiteSpace(p.Item2))
                .ToDictionary(p => p.e, p => p.Item2!),
            Website = One(Fields.Website),
        };
    }

    public static ProposalInput FromJson(JsonElement root)
    {
        var errors = new FieldErrors();
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("body", "type", "Isi permintaan harus berupa objek JSON.");
            return new ProposalInput { TypeErrors = errors };
        }
        string? Text(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.String) return v.GetString();
            errors.Add(key, "type", "Harus berupa teks.");
            return null;
        }
        string? Integer(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return null;
            if (v.ValueKind == JsonValueKind.Number) return v.GetRawText();
            errors.Add(key, "type", "Harus berupa angka bulat.");
            return null;
        }
        IReadOnlyList<string> List(string key)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null) return [];
            if (v.ValueKind == JsonValueKind.Array && v.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
            {
                return v.EnumerateArray().Select(i => i.GetString()!).ToList();
            }
            errors.Add(key, "type", "Harus berupa daftar teks.");
            return [];
        }
        Dictionary<string, string> Support()
        {
            var support = new Dictionary<string, string>();
            if (!root.TryGetProperty(Fields.Support, out var v) || v.ValueKind == JsonValueKind.Null) return support;
            if (v.ValueKind != JsonValueKind.Array)
            {
                errors.Add(Fields.Support, "type", "Harus berupa daftar { element, need }.");
                return support;
            }
            foreach (var item in v.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("element", out var e) || e.ValueKind != JsonValueKind.String
                    || !item.TryGetProperty("need", out var n) || n.ValueKind != JsonValueKind.String)
                {
                    errors.Add(Fields.Support, "type", "Setiap dukungan berupa { element, need }.");
                    continue;
                }
                support[e.GetString()!] = n.GetString()!;
            }
            return support;
        }
        return new ProposalInput
        {
            CommunityId = Text(Fields.CommunityId),
            Title = Text(Fields.Title),
            Kind = Text(Fields.Kind),
            Description = Text(Fields.Description),
            Subsectors = List(Fields.Subsectors),
            RegencyCode = Text(Fields.RegencyCode),
            Start = Text(Fields.Start),
            End = Text(Fields.End),
            Venue = Text(Fields.Venue),
            OnlineLink = Text(Fields.OnlineLink),
            Capacity = Integer(Fields.Capacity),
            Support = Support(),
            Website = Text(Fields.Website),
            TypeErrors = errors,
        };
    }

    /// <summary>The form's values for an existing proposal (editing), with times shown in the event's zone.</summary>
    public static ProposalInput From(Proposal p) => new()
    {
        CommunityId = p.CommunityId,
        Title = p.Title,
        Kind = p.Kind,
        Description = p.Description,
        Subsectors = p.Subsectors,
        RegencyCode = p.RegencyCode,
        Start = LocalTimes.ToLocalInput(p.StartUtc, p.TimeZone),
        End = LocalTimes.ToLocalInput(p.EndUtc, p.TimeZone),
        Venue = p.Venue,
        OnlineLink = p.OnlineLink,
        Capacity = p.Capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Support = p.Support.ToDictionary(s => s.Element, s => s.Need),
    };
}
