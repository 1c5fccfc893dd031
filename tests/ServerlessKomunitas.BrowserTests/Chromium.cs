using Microsoft.Playwright;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.BrowserTests;

/// <summary>
/// Debian's Chromium, driven by Playwright's own driver. Playwright's browser download cannot run here, so the
/// browser comes from CHROMIUM_PATH (default /usr/bin/chromium). Without it the tests are skipped, unless CI=true.
/// </summary>
public static class Chromium
{
    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public static bool IsAvailable => File.Exists(ExecutablePath);

    public static bool IsRequired => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static string SkipReason => IsAvailable || IsRequired
        ? ""
        : $"Chromium not found at {ExecutablePath}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set CHROMIUM_PATH.";

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"CI=true requires the browser tests, but Chromium is not at {ExecutablePath}.");
        }
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // No sandbox as root in a container; the rest keeps Chromium off a network it cannot reach.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root (a test artifact, not committed).</summary>
    public static string ScreenshotFolder { get; } = Directory.CreateDirectory(Path.Combine(RepositoryRoot.Path, "TestResults", "screenshots")).FullName;
}

/// <summary>A test that needs the browser: skipped with the reason when Chromium is missing (and CI is not set).</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute() => Skip = Chromium.SkipReason is { Length: > 0 } reason ? reason : null;
}

public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute() => Skip = Chromium.SkipReason is { Length: > 0 } reason ? reason : null;
}

/// <summary>One Playwright driver and one Chromium for a test class.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    IPlaywright? playwright;
    IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium did not start.");

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason.Length > 0)
        {
            return;
        }
        playwright = await Playwright.CreateAsync();
        browser = await Chromium.LaunchAsync(playwright);
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
        playwright?.Dispose();
    }
}
