using Microsoft.Extensions.Primitives;

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
        public const string Website = FieldErrors.Honeypot;

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
        if (JsonFields.Of(root, out var errors) is not { } json)
        {
            return new ProposalInput { TypeErrors = errors };
        }
        Dictionary<string, string> Support()
        {
            var support = new Dictionary<string, string>();
            if (json.Element(Fields.Support) is not { } v)
            {
                return support;
            }

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
            CommunityId = json.Text(Fields.CommunityId),
            Title = json.Text(Fields.Title),
            Kind = json.Text(Fields.Kind),
            Description = json.Text(Fields.Description),
            Subsectors = json.List(Fields.Subsectors),
            RegencyCode = json.Text(Fields.RegencyCode),
            Start = json.Text(Fields.Start),
            End = json.Text(Fields.End),
            Venue = json.Text(Fields.Venue),
            OnlineLink = json.Text(Fields.OnlineLink),
            Capacity = json.Integer(Fields.Capacity),
            Support = Support(),
            Website = json.Text(Fields.Website),
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
