using Microsoft.Playwright;

namespace ServerlessKomunitas.BrowserTests;

/// <summary>What every page must do on every screen size.</summary>
public static class Screens
{
    /// <summary>Nothing is wider than the screen (a wide table scrolls in its own box); the message names what sticks out.</summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var wider = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')]
              .filter(e => !e.closest('.scroll') && e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(0, 5).map(e => `${e.tagName}.${e.className} right ${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), string.Join("; ", wider));
    }
}
