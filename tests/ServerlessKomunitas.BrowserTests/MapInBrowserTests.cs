using Microsoft.Playwright;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Mapping;

namespace ServerlessKomunitas.BrowserTests;

/// <summary>
/// The map in a real browser, on a phone and on a desktop screen: a person from Diskominfo Tabalong goes from the
/// national map to Kalimantan Selatan and to the Kabupaten Tabalong profile, sees its communities and its subsector
/// gaps, and prints it.
/// </summary>
public class MapInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserTheory]
    [InlineData(360, 780)]
    [InlineData(1280, 900)]
    public async Task Diskominfo_tabalong_goes_from_the_national_map_to_its_profile_and_prints_it(int width, int height)
    {
        await using var host = await LocalHost.StartAsync();
        await MapRebuildTests.CommunityAsync(host, "63.09");
        await MapRebuildTests.CommunityAsync(host, "63.09");
        await MapRebuildTests.CommunityAsync(host, "35.73");
        await host.Get<JobRunner>().RunAsync(JobCatalog.MapRebuild);

        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "id-ID" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/map/ID").ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Peta ekonomi kreatif komunitas Indonesia");
        // Every province has its tile, and a table holds the numbers the tiles are shaded by.
        await Assertions.Expect(page.Locator("svg[aria-labelledby^='peta-'] rect")).ToHaveCountAsync(38);
        await Assertions.Expect(page.Locator("table.wide").First.Locator("tbody tr")).ToHaveCountAsync(38);
        await Screens.AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"10-peta-nasional-{width}.png"), FullPage = true });

        await page.ClickAsync("svg[aria-labelledby^='peta-'] a[href$='/api/map/63']");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Profil ekonomi kreatif komunitas: Kalimantan Selatan");
        await page.ClickAsync("table.wide a:has-text('Tabalong')");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Profil ekonomi kreatif komunitas: Kabupaten Tabalong");
        await Assertions.Expect(page.Locator("table.figures").First).ToContainTextAsync("Komunitas");
        await Assertions.Expect(page.Locator("table.figures").First.Locator("tr").First.Locator("td")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("ul.gaps li")).ToHaveCountAsync(15);
        await Assertions.Expect(page.Locator("ul.gaps")).ToContainTextAsync("Musik");
        await Screens.AssertNoSidewaysScrollAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"11-profil-tabalong-{width}.png"), FullPage = true });

        // Printed, the profile has no navigation and says when it was printed.
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("header.site nav")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".print-note")).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"12-profil-tabalong-cetak-{width}.png"), FullPage = true });
    }
}
