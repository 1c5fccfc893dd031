namespace ServerlessKomunitas.WhatsApp;

/// <summary>The kinds of message that can go on WhatsApp. The weekly challenge, the digests and recognition go by email only.</summary>
public enum WhatsAppKind
{
    EventReminders,
    CheckIns,
    SeatOffers,
    ApprovalRequests,
}

/// <summary>Where a person wants one kind of message: both channels (the default), WhatsApp only, or email only.</summary>
public enum Channel
{
    Both,
    WhatsApp,
    Email,
}

public static class WhatsAppKinds
{
    public static IReadOnlyList<WhatsAppKind> All { get; } = Enum.GetValues<WhatsAppKind>();

    /// <summary>Each kind's name in forms and the API, and its label in Bahasa Indonesia.</summary>
    static readonly Dictionary<WhatsAppKind, (string Slug, string Label)> Names = new()
    {
        [WhatsAppKind.EventReminders] = ("event-reminders", "Pengingat kegiatan yang Anda hadiri"),
        [WhatsAppKind.CheckIns] = ("check-ins", "Check-in mentoring"),
        [WhatsAppKind.SeatOffers] = ("seat-offers", "Tawaran kursi dari daftar tunggu"),
        [WhatsAppKind.ApprovalRequests] = ("approval-requests", "Permintaan persetujuan (koordinator) dan konfirmasi usulan kegiatan (narahubung komunitas)"),
    };

    public static string Slug(this WhatsAppKind kind) => Names[kind].Slug;

    public static string Label(this WhatsAppKind kind) => Names[kind].Label;

    public static string Slug(this Channel channel) => channel.ToString().ToLowerInvariant();

    public static string Label(this Channel channel) => channel switch
    {
        Channel.Both => "Email dan WhatsApp",
        Channel.WhatsApp => "Hanya WhatsApp",
        _ => "Hanya email",
    };

    public static Channel? ChannelFromSlug(string? slug) => Enum.GetValues<Channel>().Cast<Channel?>().FirstOrDefault(c => c!.Value.Slug() == slug);

    /// <summary>The stored choices ("kind=channel;..."), only those that differ from the default.</summary>
    public static IReadOnlyDictionary<WhatsAppKind, Channel> Parse(string stored) => stored.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(pair => pair.Split('='))
        .Select(pair => (Kind: All.Cast<WhatsAppKind?>().FirstOrDefault(k => k!.Value.Slug() == pair[0]), Channel: ChannelFromSlug(pair.ElementAtOrDefault(1))))
        .Where(c => c.Kind is not null && c.Channel is not null)
        .ToDictionary(c => c.Kind!.Value, c => c.Channel!.Value);

    public static string Format(IReadOnlyDictionary<WhatsAppKind, Channel> choices) =>
        string.Join(';', choices.Where(c => c.Value != Channel.Both).OrderBy(c => c.Key).Select(c => $"{c.Key.Slug()}={c.Value.Slug()}"));
}

/// <summary>Where one message goes: the WhatsApp number (null for none) and whether the email goes too.</summary>
public sealed record Route(string? WhatsAppNumber, bool Email);

/// <summary>
/// Which channels carry a message to a person. WhatsApp goes only to a confirmed number whose person kept WhatsApp on
/// for the kind; email goes unless the person chose WhatsApp only and WhatsApp is on. A person without WhatsApp gets
/// every message by email, whatever choice is stored, so that a choice never drops a message.
/// </summary>
public sealed class WhatsAppChannels(WhatsAppConsents consents, IOptions<WhatsAppOptions> options)
{
    public async Task<Route> RouteAsync(string personKey, WhatsAppKind kind, CancellationToken cancellationToken = default)
    {
        if (!options.Value.IsConfigured || await consents.FindAsync(personKey, cancellationToken) is not { Status: WhatsAppConsentStatus.Confirmed } consent)
        {
            return new Route(null, true);
        }
        var channel = WhatsAppKinds.Parse(consent.Channels).GetValueOrDefault(kind, Channel.Both);
        return new Route(channel == Channel.Email ? null : consent.Number, channel != Channel.WhatsApp);
    }
}
