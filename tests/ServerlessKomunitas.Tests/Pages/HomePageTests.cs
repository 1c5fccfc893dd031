using System.Net;
using System.Text.RegularExpressions;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Pages;

/// <summary>Beranda: the address a new user is sent to leads to it, and it leads to everything a visitor can do.</summary>
public class HomePageTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    [Fact]
    public async Task The_site_root_leads_to_the_home_page_which_links_to_the_forms_and_the_calendar()
    {
        var root = await shared.Host.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal(ApiRoutes.Home.Path, root.Headers.Location!.OriginalString);

        var html = await shared.Host.Client.GetStringAsync(ApiRoutes.Home.Path);
        var links = Regex.Matches(html, "href=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        foreach (var route in new[] { ApiRoutes.RegistrationForm, ApiRoutes.MemberForm, ApiRoutes.ProposalForm, ApiRoutes.ListEvents, ApiRoutes.EventFeed })
        {
            Assert.Contains(route.Path, links);
        }
        // Every link on it answers, after the redirects a browser follows.
        using var browser = new HttpClient { BaseAddress = shared.Host.BaseAddress };
        foreach (var link in links)
        {
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(link)).StatusCode);
        }
    }
}
