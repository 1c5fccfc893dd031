using System.Net;
using System.Text;
using System.Text.RegularExpressions;

using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Pages;

/// <summary>Every page people see: Bahasa Indonesia, no script, labelled fields, safe headers, at most 50 KB with its CSS.</summary>
public class PageStandardsTests(PageTour tour) : IClassFixture<PageTour>
{
    public static TheoryData<string> Names() => new(PageTour.Names);

    [Theory]
    [MemberData(nameof(Names))]
    public void Is_in_bahasa_indonesia_with_a_heading_and_no_script(string name)
    {
        var page = tour.Pages[name];

        Assert.StartsWith("text/html", page.Headers["Content-Type"]);
        Assert.Contains("<html lang=\"id\">", page.Html);
        Assert.Matches("<h1>[^<]+</h1>", page.Html);
        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" on", Regex.Replace(page.Html, @">[^<]*<", "><"), StringComparison.Ordinal);
        Assert.Contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\"", page.Html);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Speaks_to_people_in_bahasa_indonesia_only(string name)
    {
        var english = Language.English(Language.VisibleText(tour.Pages[name].Html));

        Assert.True(english.Count == 0, $"'{name}' shows English: {string.Join(", ", english)}");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Leads_to_the_home_page_from_its_header(string name)
    {
        var header = Regex.Match(tour.Pages[name].Html, "<header class=\"site\">.*?</header>", RegexOptions.Singleline).Value;

        Assert.Contains("href=\"/api/beranda\"", header);
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Sends_the_security_headers(string name)
    {
        var headers = tour.Pages[name].Headers;

        Assert.Contains("default-src 'none'", headers["Content-Security-Policy"]);
        Assert.DoesNotContain("unsafe-inline", headers["Content-Security-Policy"]);
        Assert.DoesNotContain("script-src", headers["Content-Security-Policy"]);
        Assert.Equal("nosniff", headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", headers["Referrer-Policy"]);
        Assert.False(headers.ContainsKey("Set-Cookie"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Weighs_at_most_50_KB_with_its_stylesheet(string name)
    {
        var bytes = Encoding.UTF8.GetByteCount(tour.Pages[name].Html) + await tour.StylesheetBytesAsync();

        Assert.True(bytes <= 50 * 1024, $"{name} weighs {bytes} bytes with its CSS; the limit is 51200.");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Labels_every_field(string name)
    {
        var html = tour.Pages[name].Html;

        foreach (var (tag, id, ariaLabel) in PageTour.Controls(html))
        {
            Assert.True(ariaLabel is not null || (id is not null && html.Contains($"<label for=\"{id}\"")) || (id is not null && Regex.IsMatch(html, $"<label[^>]*for=\"{Regex.Escape(id)}\"")),
                $"A <{tag}> with id '{id}' on '{name}' has no label.");
        }
    }

    [Fact]
    public void Answers_each_outcome_with_its_own_status()
    {
        Assert.Equal(HttpStatusCode.OK, tour.Pages["registration form"].Status);
        Assert.Equal(HttpStatusCode.BadRequest, tour.Pages["registration form with errors"].Status);
        Assert.Equal(HttpStatusCode.OK, tour.Pages["decision recorded"].Status);
        Assert.Equal(HttpStatusCode.BadRequest, tour.Pages["decision page with errors"].Status);
        Assert.Equal(HttpStatusCode.Conflict, tour.Pages["already decided"].Status);
        Assert.Equal(HttpStatusCode.Gone, tour.Pages["expired link"].Status);
        Assert.Equal(HttpStatusCode.BadRequest, tour.Pages["invalid link"].Status);
        Assert.Equal(HttpStatusCode.NotFound, tour.Pages["unknown link"].Status);
        Assert.Equal(HttpStatusCode.NotFound, tour.Pages["registration not found"].Status);
        Assert.Equal(HttpStatusCode.OK, tour.Pages["event calendar"].Status);
        Assert.Equal(HttpStatusCode.BadRequest, tour.Pages["event calendar with errors"].Status);
        Assert.Equal(HttpStatusCode.OK, tour.Pages["member form"].Status);
        Assert.Equal(HttpStatusCode.BadRequest, tour.Pages["member form with errors"].Status);
        Assert.Equal(HttpStatusCode.OK, tour.Pages["member confirmed"].Status);
        Assert.Equal(HttpStatusCode.OK, tour.Pages["mentorship status page"].Status);
        Assert.Equal(HttpStatusCode.BadRequest, tour.Pages["check-in form with errors"].Status);
    }

    [Fact]
    public void Shows_errors_next_to_the_field_and_in_a_summary_keeping_what_was_typed()
    {
        var form = tour.Pages["registration form with errors"].Html;
        Assert.Contains("class=\"summary\"", form);
        Assert.Contains("<a href=\"#f-email\">", form);
        Assert.Contains("id=\"f-email-error\"", form);
        Assert.Contains("aria-describedby=\"f-email-hint f-email-error\" aria-invalid=\"true\"", form);
        Assert.Contains("value=\"bukan-email\"", form);
        Assert.Contains("value=\"Dinda Paramitha\"", form);

        var member = tour.Pages["member form with errors"].Html;
        Assert.Contains("<a href=\"#f-phone\">", member);
        Assert.Contains("id=\"f-phone-error\"", member);
        Assert.Contains("value=\"123\"", member);
        Assert.DoesNotContain("<script>alert(1)</script>", member);

        var checkIn = tour.Pages["check-in form with errors"].Html;
        Assert.Contains("<a href=\"#f-rating\">", checkIn);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;</textarea>", checkIn);

        var calendar = tour.Pages["event calendar with errors"].Html;
        Assert.Contains("<a href=\"#f-regency\">", calendar);
        Assert.Contains("id=\"f-kind-error\"", calendar);
        Assert.Contains("tidak berada di provinsi", calendar);

        var decision = tour.Pages["decision page with errors"].Html;
        Assert.Contains("id=\"f-comment-error\"", decision);
        Assert.Contains("href=\"#f-comment\"", decision);
    }

    [Fact]
    public void Every_email_shows_hostile_names_titles_and_comments_as_text()
    {
        Assert.NotEmpty(tour.Emails);
        foreach (var email in tour.Emails)
        {
            Assert.DoesNotContain("<script", email.Html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("<b>bergabung", email.Html, StringComparison.Ordinal);
        }
        // The community, the mentee and the event were named with markup: their emails carry it as text.
        Assert.True(tour.Emails.Count(m => m.Html.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", StringComparison.Ordinal)) >= 3);
        Assert.Contains(tour.Emails, m => m.Html.Contains("Selamat &lt;b&gt;bergabung&lt;/b&gt;", StringComparison.Ordinal));
    }

    [Fact]
    public void Shows_hostile_text_as_text_and_times_with_their_zone()
    {
        foreach (var name in new[] { "status: awaiting confirmation", "confirmation page", "decision page", "status: approved", "already decided",
                     "proposal form with errors", "proposal status", "proposal decision page", "event calendar", "mentor offer page", "rsvp page" })
        {
            Assert.DoesNotContain("<script>alert(1)</script>", tour.Pages[name].Html);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", tour.Pages[name].Html);
        }
        Assert.Matches(@"\d{2}\.\d{2} WIB", tour.Pages["status: approved"].Html);
        Assert.Matches(@"\d{2}\.\d{2} WIB", tour.Pages["decision page"].Html);
        Assert.Contains("Selamat &lt;b&gt;bergabung&lt;/b&gt;", tour.Pages["status: approved"].Html);
        Assert.Matches(@"\d{2}\.\d{2} WITA", tour.Pages["proposal status"].Html);
        Assert.Contains("Menunggu", tour.Pages["proposal status in review"].Html);
        Assert.Contains("Koordinator Kabupaten Tabalong", tour.Pages["proposal status in review"].Html);
        Assert.Matches(@"\d{2}\.\d{2} WIB", tour.Pages["event calendar"].Html);
        Assert.Contains("href=\"webcal://", tour.Pages["event calendar"].Html);
        Assert.Contains("Kegiatan berikutnya", tour.Pages["event calendar"].Html);
    }
}
