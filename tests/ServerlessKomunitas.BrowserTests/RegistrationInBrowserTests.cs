using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.BrowserTests;

/// <summary>The registration story in a real browser on a phone-sized screen, with and without JavaScript.</summary>
public class RegistrationInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    static readonly ViewportSize Phone = new() { Width = 360, Height = 780 };
    static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };

    [BrowserTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_community_registers_on_a_phone_fixes_its_errors_confirms_and_is_approved(bool javaScript)
    {
        await using var host = await LocalHost.StartAsync(Timings());
        var story = new Story(host, name: "Animasi Arek Malang " + Guid.NewGuid().ToString("N")[..6]);
        await using var community = await browser.Browser.NewContextAsync(new() { ViewportSize = Phone, JavaScriptEnabled = javaScript, Locale = "id-ID" });
        var page = await community.NewPageAsync();
        var shots = new Screenshots(javaScript);

        await page.GotoAsync(new Uri(host.BaseAddress, "/api/daftar").ToString());
        await shots.TakeAsync(page, "1-formulir");
        await page.FillAsync("#f-name", "ab");
        await page.CheckAsync("#f-subsectors-film-animasi-video");
        await page.SelectOptionAsync("#f-regencyCode", "35.73");
        await page.FillAsync("#f-contactName", "Dinda Paramitha");
        await page.FillAsync("#f-email", "dinda@");
        await page.FillAsync("#f-phone", "0812-3456-7890");
        await page.FillAsync("#f-memberCount", "42");
        await page.FillAsync("#f-description", "Kelas animasi tiap Sabtu.\nTerbuka untuk pelajar.");
        await page.CheckAsync("#f-consent");
        await TakeAMomentAsync(page);
        await page.ClickAsync("button[type=submit]");

        // Refused: errors next to the fields and in the summary, everything typed still there.
        await Assertions.Expect(page.Locator(".summary")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#f-name-error")).ToContainTextAsync("Minimal 3 karakter");
        await Assertions.Expect(page.Locator("#f-email-error")).ToContainTextAsync("Alamat email tidak valid");
        await Assertions.Expect(page.Locator("#f-contactName")).ToHaveValueAsync("Dinda Paramitha");
        await Assertions.Expect(page.Locator("#f-regencyCode")).ToHaveValueAsync("35.73");
        await Assertions.Expect(page.Locator("#f-subsectors-film-animasi-video")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#f-consent")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#f-description")).ToHaveValueAsync("Kelas animasi tiap Sabtu.\nTerbuka untuk pelajar.");
        await shots.TakeAsync(page, "2-formulir-galat");

        await page.FillAsync("#f-name", story.Name);
        await page.FillAsync("#f-email", story.Email);
        await TakeAMomentAsync(page);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/communities/[0-9a-z]{26}$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Terima kasih!");
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("WIB");
        story.Id = page.Url.Split('/').Last();
        await shots.TakeAsync(page, "3-status");

        // The contact opens the confirmation link from the email; only the button confirms.
        await page.GotoAsync(new Uri(host.BaseAddress, await story.ConfirmationLinkAsync()).ToString());
        Assert.Equal("AwaitingConfirmation", await story.StatusAsync());
        await shots.TakeAsync(page, "4-konfirmasi");
        await page.ClickAsync("text=Ya, konfirmasi email saya");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("email Anda terkonfirmasi");

        // The coordinator, on their own phone, opens the decision link and approves.
        await using var coordinator = await browser.Browser.NewContextAsync(new() { ViewportSize = Phone, JavaScriptEnabled = javaScript, Locale = "id-ID" });
        var decision = await coordinator.NewPageAsync();
        await decision.GotoAsync(new Uri(host.BaseAddress, await story.ApprovalLinkAsync()).ToString());
        await Assertions.Expect(decision.Locator("dl.details")).ToContainTextAsync(story.Name);
        await Assertions.Expect(decision.Locator("dl.details")).ToContainTextAsync("Kota Malang");
        await shots.TakeAsync(decision, "5-keputusan");
        await decision.FillAsync("#f-comment", "Selamat bergabung!");
        await decision.ClickAsync("button[value=approve]");
        await Assertions.Expect(decision.Locator("h1")).ToHaveTextAsync("Keputusan tercatat");
        await shots.TakeAsync(decision, "6-keputusan-tercatat");

        await story.CompletionAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, $"/api/communities/{story.Id}").ToString());
        await Assertions.Expect(page.Locator("dl.details")).ToContainTextAsync("Disetujui");
        await Assertions.Expect(page.Locator("dl.details")).ToContainTextAsync("Selamat bergabung!");
        await shots.TakeAsync(page, "7-disetujui");
        var welcome = await Mail.WaitForAsync(host.Client, story.Email, "diterima di jaringan");
        Assert.Contains("Selamat bergabung!", welcome[0].Text);
    }

    /// <summary>The forms' minimum fill time, short, so that a test that fills a form as fast as a program does waits as a person would.</summary>
    static Dictionary<string, string?> Timings() => new(Story.Timings()) { ["RateLimits:MinimumFillTime"] = "00:00:01" };

    static Task TakeAMomentAsync(Microsoft.Playwright.IPage page) => page.WaitForTimeoutAsync(1200);

    [BrowserFact]
    public async Task The_registration_form_can_be_filled_and_sent_with_the_keyboard_alone()
    {
        await using var host = await LocalHost.StartAsync(Timings());
        await using var context = await browser.Browser.NewContextAsync(new() { ViewportSize = Phone, Locale = "id-ID" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(host.BaseAddress, "/api/daftar").ToString());
        var email = Submissions.UniqueEmail();
        var typed = new Dictionary<string, string>
        {
            ["f-name"] = "Komunitas Papan Ketik",
            ["f-contactName"] = "Bagus Wicaksono",
            ["f-email"] = email,
            ["f-phone"] = "+62 812 3456 7890",
            ["f-memberCount"] = "12",
        };
        var visited = new List<string>();

        for (var press = 0; press < 60; press++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => document.activeElement.id || document.activeElement.tagName + '.' + document.activeElement.className");
            visited.Add(focused);
            if (typed.TryGetValue(focused, out var text))
            {
                await page.Keyboard.TypeAsync(text);
            }
            else if (focused is "f-subsectors-fotografi" or "f-consent")
            {
                await page.Keyboard.PressAsync("Space");
            }
            else if (focused == "f-regencyCode")
            {
                await page.Keyboard.TypeAsync("Kota Malang");
            }
            else if (focused.StartsWith("BUTTON", StringComparison.Ordinal))
            {
                await TakeAMomentAsync(page);
                await page.Keyboard.PressAsync("Enter");
                break;
            }
        }

        Assert.Equal("A.skip", visited[0]);
        Assert.DoesNotContain("f-website", visited);
        var fields = visited.Where(v => v.StartsWith("f-", StringComparison.Ordinal)).ToList();
        Assert.Equal(["f-name", "f-subsectors"], fields.Take(2));
        // The consent closes the required part; the optional WhatsApp box, with its own consent, comes after it.
        Assert.True(fields.IndexOf("f-regencyCode") < fields.IndexOf("f-contactName") && fields.IndexOf("f-consent") == fields.Count - 2
            && fields[^1] == "f-whatsapp", "Tab order: " + string.Join(", ", visited));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/api/communities/[0-9a-z]{26}$"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Terima kasih!");
        await Mail.WaitForAsync(host.Client, email, "Konfirmasi email pendaftaran");
    }

    /// <summary>Full-page screenshots at 360 px and 1280 px, saved under TestResults/screenshots.</summary>
    sealed class Screenshots(bool javaScript)
    {
        public async Task TakeAsync(IPage page, string name)
        {
            var suffix = javaScript ? "" : "-tanpa-js";
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-360{suffix}.png"), FullPage = true });
            await page.SetViewportSizeAsync(Desktop.Width, Desktop.Height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Chromium.ScreenshotFolder, $"{name}-1280{suffix}.png"), FullPage = true });
            await page.SetViewportSizeAsync(Phone.Width, Phone.Height);
        }
    }
}
