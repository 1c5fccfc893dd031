using ServerlessKomunitas.Registrations;
using F = ServerlessKomunitas.Proposals.ProposalInput.Fields;

namespace ServerlessKomunitas.Proposals;

/// <summary>A proposal that passed every rule, with its community and its times in UTC.</summary>
public sealed record NewProposal(
    Registration Community,
    string Title,
    string Kind,
    string? Description,
    IReadOnlyList<string> Subsectors,
    Regency Regency,
    IndonesianTimeZone Zone,
    DateTimeOffset StartUtc,
    DateTimeOffset EndUtc,
    string? Venue,
    string? OnlineLink,
    int Capacity,
    IReadOnlyList<SupportRequest> Support);

public sealed class ProposalValidator(RegistrationStore registrations, RegionDirectory regions, TimeProvider time)
{
    public const int MaxCapacity = 100_000;
    static readonly TimeSpan MaxDuration = TimeSpan.FromDays(31);
    static readonly TimeSpan MaxAhead = TimeSpan.FromDays(2 * 366);

    /// <param name="existing">When editing: the proposal's own community stays; it cannot be changed.</param>
    public async Task<(NewProposal? Proposal, FieldErrors Errors)> ValidateAsync(ProposalInput input, Proposal? existing = null, CancellationToken cancellationToken = default)
    {
        var errors = FieldErrors.StartingWith(input.TypeErrors, input.Website);

        var community = await CommunityAsync(errors, existing?.CommunityId ?? input.CommunityId, cancellationToken);
        var title = TextRules.Text(errors, F.Title, input.Title, 3, 120, required: !errors.Has(F.Title));
        var kind = input.Kind?.Trim();
        if (string.IsNullOrEmpty(kind))
        {
            if (!errors.Has(F.Kind))
            {
                errors.Add(F.Kind, "required", "Pilih jenis kegiatan.");
            }
        }
        else if (!EventKinds.Names.ContainsKey(kind))
        {
            errors.Add(F.Kind, "unknown-kind", "Jenis kegiatan tidak dikenal.");
        }
        var description = TextRules.Text(errors, F.Description, input.Description, 0, 4000, required: false, multiline: true);
        var subsectors = Registrations.Subsectors.Validate(errors, F.Subsectors, input.Subsectors, "Pilih minimal satu subsektor sasaran.");

        var regency = await RegencyAsync(errors, input.RegencyCode, community, cancellationToken);
        var zone = regency is null ? IndonesianTimeZone.WIB : (await regions.FindProvinceAsync(regency.ProvinceCode, cancellationToken))?.Zone ?? IndonesianTimeZone.WIB;
        var (start, end) = Times(errors, input, zone);

        var venue = TextRules.Text(errors, F.Venue, input.Venue, 3, 300, required: false, multiline: true);
        var onlineLink = input.OnlineLink?.Trim();
        if (!string.IsNullOrEmpty(onlineLink) && (onlineLink.Length > 300 || !Uri.TryCreate(onlineLink, UriKind.Absolute, out var uri)
            || uri.Scheme is not ("http" or "https") || onlineLink.Any(char.IsWhiteSpace)))
        {
            errors.Add(F.OnlineLink, "invalid-url", "Tautan daring harus alamat lengkap yang diawali http:// atau https://.");
        }
        if (venue is null && string.IsNullOrEmpty(onlineLink) && !errors.Has(F.Venue) && !errors.Has(F.OnlineLink))
        {
            errors.Add(F.Venue, "venue-or-link-required", "Isi alamat tempat atau tautan daring.");
        }
        var capacity = TextRules.Integer(errors, F.Capacity, input.Capacity, 1, MaxCapacity, required: !errors.Has(F.Capacity));
        var support = new List<SupportRequest>();
        foreach (var (element, need) in input.Support)
        {
            if (!Pentahelix.Names.ContainsKey(element))
            {
                errors.Add(F.Support, "unknown-element", "Unsur pentaheliks: academia, business, government atau media.");
                continue;
            }
            if (TextRules.Text(errors, F.Support, need, 3, 300, required: true, multiline: true) is { } text)
            {
                support.Add(new SupportRequest(element, text));
            }
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }
        return (new NewProposal(community!, title!, kind!, description, subsectors, regency!, zone, start!.Value, end!.Value,
            venue, string.IsNullOrEmpty(onlineLink) ? null : onlineLink, capacity!.Value, support), errors);
    }

    async Task<Registration?> CommunityAsync(FieldErrors errors, string? id, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            if (!errors.Has(F.CommunityId))
            {
                errors.Add(F.CommunityId, "required", "Sebutkan komunitas pengusul (lihat email selamat datang komunitas Anda).");
            }

            return null;
        }
        var community = await registrations.FindAsync(id.Trim(), cancellationToken);
        if (community is null)
        {
            errors.Add(F.CommunityId, "unknown-community", "Komunitas tidak ditemukan.");
        }
        else if (community.Status != RegistrationStatus.Approved)
        {
            errors.Add(F.CommunityId, "community-not-approved", "Hanya komunitas yang sudah disetujui yang dapat mengusulkan kegiatan.");
            return null;
        }
        return community;
    }

    async Task<Regency?> RegencyAsync(FieldErrors errors, string? code, Registration? community, CancellationToken cancellationToken)
    {
        var text = code?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return community is null ? null : await regions.FindRegencyAsync(community.RegencyCode, cancellationToken);
        }
        var regency = text.Length <= 8 ? await regions.FindRegencyAsync(text, cancellationToken) : null;
        if (regency is null)
        {
            errors.Add(F.RegencyCode, "unknown-regency", "Kode kabupaten/kota tidak dikenal.");
        }
        return regency;
    }

    (DateTimeOffset? Start, DateTimeOffset? End) Times(FieldErrors errors, ProposalInput input, IndonesianTimeZone zone)
    {
        DateTimeOffset? Parse(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                if (!errors.Has(field))
                {
                    errors.Add(field, "required", "Wajib diisi.");
                }

                return null;
            }
            var parsed = LocalTimes.ToUtc(value, zone);
            if (parsed is null)
            {
                errors.Add(field, "invalid-datetime", $"Tulis tanggal dan jam, misalnya 2026-12-20T19:00 ({zone}).");
            }
            return parsed;
        }
        var start = Parse(F.Start, input.Start);
        var end = Parse(F.End, input.End);
        var now = time.GetUtcNow();
        if (start is { } s && s <= now)
        {
            errors.Add(F.Start, "in-the-past", "Waktu mulai sudah lewat.");
        }
        else if (start is { } s2 && s2 > now + MaxAhead)
        {
            errors.Add(F.Start, "too-far-ahead", "Waktu mulai paling lambat dua tahun dari sekarang.");
        }
        if (start is { } a && end is { } b)
        {
            if (b <= a)
            {
                errors.Add(F.End, "end-before-start", "Waktu selesai harus setelah waktu mulai.");
            }
            else if (b - a > MaxDuration)
            {
                errors.Add(F.End, "too-long", "Satu kegiatan paling lama 31 hari.");
            }
        }
        return (start, end);
    }
}
