using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace ServerlessKomunitas.Bench;

/// <summary>
/// An approved community in Kabupaten Tabalong proposes a workshop (JSON POST), its contact confirms it, the
/// approvers of the policy approve, the contact confirms the event, and the calendar is updated (the
/// confirmation email leaves after the calendar row is written). With a contact on WhatsApp, the request to confirm
/// the proposal is followed from the WhatsApp message (the email goes too: both channels are the default).
/// </summary>
sealed class ProposalStories : StoryDriver
{
    static readonly string[] Subsectors = ["film-animasi-video"];

    const string Tabalong = "koordinator.kabupaten-tabalong@example.org";
    const string KalimantanSelatan = "koordinator.kalimantan-selatan@example.org";
    readonly string communityId;
    readonly string contact;
    readonly int approvers;
    readonly string? contactNumber;

    ProposalStories(Site site, string communityId, string contact, int approvers, string? contactNumber) : base(site)
    {
        this.communityId = communityId;
        this.contact = contact;
        this.approvers = approvers;
        this.contactNumber = contactNumber;
    }

    /// <summary>Registers and approves the proposing community and sets its policy: one approver, or two of two.</summary>
    /// <param name="whatsApp">Whether the community's contact has WhatsApp, asked for on the registration form.</param>
    public static async Task<ProposalStories> PrepareAsync(Site site, int approvers, string adminKey, bool whatsApp = false)
    {
        var registration = new RegistrationStories(site, "63.09", KalimantanSelatan, whatsApp);
        var run = await registration.RunAsync(1, 1);
        if (run.Completed != 1)
        {
            throw new InvalidOperationException("The proposing community could not be registered.");
        }
        var policy = approvers == 1
            ? """{"rule":"AnyOf","approvers":[{"approver":"@regency"}]}"""
            : """{"rule":"Quorum","quorum":2,"approvers":[{"approver":"@regency"},{"approver":"@province"}]}""";
        using var client = new HttpClient { BaseAddress = site.App };
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/operator/policies/proposal-workshop/regency-63.09")
        {
            Content = new StringContent(policy, Encoding.UTF8, "application/json"),
            Headers = { { "x-functions-key", adminKey } },
        };
        Expect(await client.SendAsync(put), HttpStatusCode.OK);
        return new ProposalStories(site, registration.LastCommunity.Id, registration.LastCommunity.Email, approvers, whatsApp ? registration.LastCommunity.Number : null);
    }

    protected override async Task<StoryTimes> OneStoryAsync()
    {
        var title = "Lokakarya Uji " + Guid.NewGuid().ToString("N")[..12];
        var start = DateTimeOffset.UtcNow.AddDays(30).ToOffset(TimeSpan.FromHours(8));
        var body = JsonSerializer.Serialize(new
        {
            communityId, title, kind = "workshop", description = "Lokakarya animasi untuk pemula.",
            subsectors = Subsectors, start = start.ToString("yyyy-MM-dd'T'HH:mm"), end = start.AddHours(3).ToString("yyyy-MM-dd'T'HH:mm"),
            venue = "Gedung Pemuda Tanjung", capacity = 40,
        });
        var story = Stopwatch.StartNew();
        var response = await Client.PostAsync("/api/proposals", new StringContent(body, Encoding.UTF8, "application/json"));
        var postMs = story.Elapsed.TotalMilliseconds;
        Expect(response, HttpStatusCode.Accepted);

        var confirm = contactNumber is null
            ? await LinkAsync(contact, $"Konfirmasi usulan kegiatan: {title}", "/api/proposals/confirm/")
            : await WhatsAppLinkAsync(contactNumber, title, "/api/proposals/confirm/");
        Expect(await Client.PostAsync(confirm, null), HttpStatusCode.OK);
        await Task.WhenAll(approvers == 1
            ? [ApproveAsync(Tabalong, title)]
            : [ApproveAsync(Tabalong, title), ApproveAsync(KalimantanSelatan, title)]);
        var confirmEvent = await LinkAsync(contact, $"Usulan disetujui: {title}", "/api/proposals/confirm-event/");
        var approvedMs = story.Elapsed.TotalMilliseconds;
        Expect(await Client.PostAsync(confirmEvent, null), HttpStatusCode.OK);
        await LinkAsync(contact, $"Kegiatan terkonfirmasi: {title}", null);
        return new StoryTimes(postMs, approvedMs, story.Elapsed.TotalMilliseconds);
    }
}
