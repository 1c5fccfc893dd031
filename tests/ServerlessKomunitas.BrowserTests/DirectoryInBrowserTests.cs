using Microsoft.Playwright;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Listings;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Mapping;

namespace ServerlessKomunitas.BrowserTests;

/// <summary>
/// The directory in a real browser, on a phone and on a desktop screen: a contact opts their community in from the
/// link in their email, then a visitor narrows the directory to Kabupaten Tabalong and opens its profile.
/// </summary>
public class DirectoryInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserTheory]
    [InlineData(360, 780)]
    [InlineData(1280, 900)]
    public async Task A_contact_opts_in_and_a_visitor_finds_the_community_in_tabalong(int width, int height)
    {
        await using var host = await LocalHost.StartAsync();
        var community = await MapRebuildTests.CommunityAsync(host, "63.09");
        await MapRebuildTests.CommunityAsync(host, "35.73");
        var start = DateTimeOffset.UtcNow.AddDays(9);
        Assert.True(await host.Get<ProposalStore>().TryAddAsync(new Proposal
        {
            PartitionKey = RecordId.New(), StatusName = nameof(ProposalStatus.Confirmed), CommunityId = community.Id, CommunityName = community.Name,
            Title = "Kelas animasi stop-motion", Kind = "workshop", SubsectorSlugs = "film-animasi-video", RegencyCode = "63.09", ProvinceCode = "63", Zone = "WITA",
            StartUtc = start, EndUtc = start.AddHours(3), Capacity = 30, SubmittedAt = start.AddDays(-20), ConfirmedAt = start.AddDays(-19),
        }));

        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "id-ID" });
        var page = await context.NewPageAsync();

        // The contact follows their link, writes a description, agrees, and is listed.
        await page.GotoAsync(host.Get<DirectoryLinks>().Listing(community.Id));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync($"Profil direktori: {community.Name}");
        await page.FillAsync("#f-description", "Komunitas animasi di Tanjung. Kelas tiap Sabtu sore.");
        await page.FillAsync("#f-links", "https://animasi-tanjung.example.org");
        await page.CheckAsync("#f-consent");
        await Screens.AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"13-direktori-narahubung-{width}.png"), FullPage = true });
        await page.ClickAsync("button:has-text('Tampilkan di direktori')");
        await Assertions.Expect(page.Locator(".notice.ok").First).ToContainTextAsync("Tersimpan");

        // A visitor narrows the directory to the kab/kota and opens the profile.
        await page.GotoAsync(new Uri(host.BaseAddress, ApiRoutes.Directory.Path).ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Direktori komunitas kreatif");
        await page.SelectOptionAsync("#f-regency", "63.09");
        await page.ClickAsync("form.filters button[type=submit]");
        await Assertions.Expect(page.Locator("ul.directory li")).ToHaveCountAsync(1);
        await Screens.AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"14-direktori-tabalong-{width}.png"), FullPage = true });
        await page.ClickAsync($"ul.directory a:has-text('{community.Name}')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(community.Name);
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("Kabupaten Tabalong");
        await Assertions.Expect(page.Locator("dl.facts")).ToContainTextAsync("kurang dari 10 anggota terkonfirmasi");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Kelas animasi stop-motion");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Komunitas animasi di Tanjung.");
        await Assertions.Expect(page.Locator("main")).Not.ToContainTextAsync(community.Email);
        await Screens.AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"15-direktori-profil-{width}.png"), FullPage = true });
    }
}
