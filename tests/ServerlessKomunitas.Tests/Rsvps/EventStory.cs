using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Rsvps;

/// <summary>An event of a community in Kabupaten Tabalong (WITA), written with the app's stores: for tests about RSVPs and reminders, not proposals.</summary>
public static class EventStory
{
    public static async Task<OpenEvent> PublishAsync(IAppHost host, Registration community, DateTimeOffset start, int capacity,
        string title = "Lokakarya Komik", string subsectors = "desain-komunikasi-visual", ProposalStatus status = ProposalStatus.Confirmed)
    {
        var proposal = new Proposal
        {
            PartitionKey = RecordId.New(), StatusName = status.ToString(), CommunityId = community.Id, CommunityName = community.Name,
            ContactName = community.ContactName, ContactEmail = community.Email, Title = $"{title} {Guid.NewGuid().ToString("N")[..6]}",
            Kind = "workshop", SubsectorSlugs = subsectors, RegencyCode = "63.09", ProvinceCode = "63", Zone = "WITA",
            StartUtc = start, EndUtc = start.AddHours(3), Venue = "Gedung Pemuda Tanjung", Capacity = capacity, SubmittedAt = DateTimeOffset.UtcNow,
        };
        Assert.True(await host.Get<ProposalStore>().TryAddAsync(proposal));
        var entry = CalendarEntry.From(proposal, "Kabupaten Tabalong");
        await host.Get<EventCalendar>().PublishAsync(entry);
        return new OpenEvent(proposal, entry);
    }
}
