using Microsoft.Playwright;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.BrowserTests;

/// <summary>The coordinator's inbox in a real browser, on a phone and on a desktop screen.</summary>
public class InboxInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [BrowserTheory]
    [InlineData(360, 780)]
    [InlineData(1280, 900)]
    public async Task A_coordinator_opens_the_inbox_from_an_email_decides_from_it_and_sees_it_decided(int width, int height)
    {
        await using var host = await LocalHost.StartAsync(Story.Timings(reminderSeconds: 3000, expireSeconds: 3600));
        var stories = new[] { new Story(host), new Story(host) };
        foreach (var story in stories)
        {
            await story.SubmitAsync();
            await story.ConfirmAsync();
        }
        foreach (var story in stories)
        {
            await story.ApprovalLinkAsync();
        }
        var email = (await Mail.WaitForAsync(host.Client, Story.JawaTimurCoordinator, stories[0].Name))[0];
        var inboxLink = Assert.Single(email.Links("/api/inbox"));

        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = new() { Width = width, Height = height }, Locale = "id-ID" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, new Uri(inboxLink).PathAndQuery).ToString());
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Kotak masuk persetujuan");
        await Assertions.Expect(page.Locator("ol.inbox > li")).ToHaveCountAsync(2);
        // Nothing is wider than the screen: no sideways scrolling on a phone.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"8-kotak-masuk-{width}.png"), FullPage = true });

        await page.ClickAsync($"ol.inbox a:has-text('{stories[0].Name}')");
        await Assertions.Expect(page.Locator("dl.details")).ToContainTextAsync(stories[0].Name);
        await page.ClickAsync("button[value=approve]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Keputusan tercatat");

        await page.GotoAsync(new Uri(host.BaseAddress, new Uri(inboxLink).PathAndQuery).ToString());
        await Assertions.Expect(page.Locator("ol.inbox > li")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync($"{stories[0].Name}: disetujui");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"9-kotak-masuk-diputuskan-{width}.png"), FullPage = true });
    }
}
