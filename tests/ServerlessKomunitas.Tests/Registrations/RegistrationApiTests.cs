using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

public class RegistrationApiTests
{
    [Fact]
    public async Task Json_registration_is_accepted_stored_and_visible_without_contact_data()
    {
        await using var host = await LocalHost.StartAsync();
        var submission = Submissions.Valid();

        var response = await host.Client.SendAsync(Submissions.Json(submission));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var receipt = await response.ReadJson();
        var id = receipt.GetProperty("id").GetString()!;
        Assert.True(RecordId.IsWellFormed(id));
        Assert.Equal("AwaitingConfirmation", receipt.GetProperty("status").GetString());
        Assert.Equal($"/api/communities/{id}", receipt.GetProperty("statusUrl").GetString());
        Assert.Equal($"/api/communities/{id}", response.Headers.Location!.OriginalString);

        var stored = await host.Get<RegistrationStore>().FindAsync(id);
        Assert.NotNull(stored);
        Assert.Equal("+6281234567890", stored.Phone);
        Assert.Equal("35", stored.ProvinceCode);
        Assert.Equal("2026-11", stored.ConsentVersion);
        Assert.True(DateTimeOffset.UtcNow - stored.ConsentAt < TimeSpan.FromMinutes(1));

        var status = await host.Client.GetAsync($"/api/communities/{id}");
        var statusText = await status.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("\"AwaitingConfirmation\"", statusText);
        Assert.DoesNotContain(submission["email"]!.GetValue<string>(), statusText);
        Assert.DoesNotContain("6281234567890", statusText);
        Assert.DoesNotContain("Dinda", statusText);
    }

    [Fact]
    public async Task A_subsector_repeated_in_json_or_in_a_form_is_stored_once()
    {
        await using var host = await LocalHost.StartAsync();
        var json = Submissions.Valid();
        json["subsectors"] = new System.Text.Json.Nodes.JsonArray("musik", " MUSIK ", "musik", "kriya");
        var form = Submissions.Valid();
        form["subsectors"] = new System.Text.Json.Nodes.JsonArray("kriya", "kriya");

        var fromJson = await (await host.Client.SendAsync(Submissions.Json(json))).ReadJson();
        var fromForm = await host.Client.SendAsync(Submissions.Form(form, browser: false));

        Assert.Equal(["musik", "kriya"], (await host.Get<RegistrationStore>().FindAsync(fromJson.GetProperty("id").GetString()!))!.Subsectors);
        var formId = (await fromForm.ReadJson()).GetProperty("id").GetString()!;
        Assert.Equal(["kriya"], (await host.Get<RegistrationStore>().FindAsync(formId))!.Subsectors);
    }

    [Theory]
    [InlineData("0812-3456-7890")]
    [InlineData("+62 812 3456 7890")]
    [InlineData("6281234567890")]
    [InlineData("(0812) 3456 7890")]
    public async Task Phone_numbers_in_common_spellings_are_stored_as_E164(string phone)
    {
        await using var host = await LocalHost.StartAsync();
        var submission = Submissions.Valid();
        submission["phone"] = phone;

        var receipt = await (await host.Client.SendAsync(Submissions.Json(submission))).ReadJson();

        var stored = await host.Get<RegistrationStore>().FindAsync(receipt.GetProperty("id").GetString()!);
        Assert.Equal("+6281234567890", stored!.Phone);
    }

    [Fact]
    public async Task Browser_form_post_is_redirected_to_the_status_page()
    {
        await using var host = await LocalHost.StartAsync();
        var submission = Submissions.Valid(name: "Sinema / Arek #1? <b>Malang</b>");

        var response = await host.Client.SendAsync(Submissions.Form(submission));

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/api/communities/", location);

        var page = new HttpRequestMessage(HttpMethod.Get, location);
        page.Headers.Accept.ParseAdd("text/html");
        var html = await (await host.Client.SendAsync(page)).Content.ReadAsStringAsync();
        Assert.Contains("lang=\"id\"", html);
        Assert.Contains("Sinema / Arek #1? &lt;b&gt;Malang&lt;/b&gt;", html);
        Assert.Contains("Menunggu konfirmasi email", html);
        Assert.Contains("Kota Malang", html);
    }

    [Fact]
    public async Task Hostile_names_are_kept_as_text_and_shown_escaped()
    {
        await using var host = await LocalHost.StartAsync();
        var submission = Submissions.Valid(name: "<script>alert(1)</script>");

        var receipt = await (await host.Client.SendAsync(Submissions.Json(submission))).ReadJson();
        var id = receipt.GetProperty("id").GetString()!;

        Assert.Equal("<script>alert(1)</script>", (await host.Get<RegistrationStore>().FindAsync(id))!.Name);
        var page = new HttpRequestMessage(HttpMethod.Get, $"/api/communities/{id}");
        page.Headers.Accept.ParseAdd("text/html");
        var html = await (await host.Client.SendAsync(page)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script>alert(1)</script>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
    }

    [Fact]
    public async Task Same_address_and_name_in_other_case_and_spacing_returns_the_existing_registration()
    {
        await using var host = await LocalHost.StartAsync();
        var email = Submissions.UniqueEmail();
        var first = Submissions.Valid(email: email, name: "Ilustrasi Digital Malang");
        var again = Submissions.Valid(email: "  " + email.ToUpperInvariant(), name: "ilustrasi   DIGITAL malang ");

        var firstReceipt = await (await host.Client.SendAsync(Submissions.Json(first))).ReadJson();
        var secondResponse = await host.Client.SendAsync(Submissions.Json(again));
        var secondReceipt = await secondResponse.ReadJson();

        Assert.Equal(HttpStatusCode.Accepted, secondResponse.StatusCode);
        Assert.Equal(firstReceipt.GetProperty("id").GetString(), secondReceipt.GetProperty("id").GetString());
        Assert.False(firstReceipt.GetProperty("duplicate").GetBoolean());
        Assert.True(secondReceipt.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await CountRegistrations(host));
    }

    [Fact]
    public async Task Same_idempotency_key_returns_the_first_registration_even_with_other_content()
    {
        await using var host = await LocalHost.StartAsync();
        var key = Guid.NewGuid().ToString();

        var first = await (await host.Client.SendAsync(Submissions.Json(Submissions.Valid(), key))).ReadJson();
        var retry = await (await host.Client.SendAsync(Submissions.Json(Submissions.Valid(), key))).ReadJson();

        Assert.Equal(first.GetProperty("id").GetString(), retry.GetProperty("id").GetString());
        Assert.True(retry.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await CountRegistrations(host));
    }

    [Fact]
    public async Task A_claim_left_without_its_record_by_a_crash_is_repaired_by_the_next_identical_submission()
    {
        await using var host = await LocalHost.StartAsync();
        var submission = Submissions.Valid();
        var (registration, _) = await host.Get<RegistrationValidator>().ValidateAsync(
            RegistrationInput.FromJson(JsonDocument.Parse(submission.ToJsonString()).RootElement));
        var orphanId = RecordId.New();
        await host.Get<Claims>().ClaimAsync(Claims.KeyOf("registration", RegistrationIntake.NaturalKeyOf(registration!)), orphanId);

        var receipt = await (await host.Client.SendAsync(Submissions.Json(submission))).ReadJson();

        Assert.Equal(orphanId, receipt.GetProperty("id").GetString());
        Assert.NotNull(await host.Get<RegistrationStore>().FindAsync(orphanId));
    }

    [Fact]
    public async Task At_most_three_confirmation_emails_per_address_per_day()
    {
        await using var host = await LocalHost.StartAsync(services: s => s.AddSingleton<TimeProvider>(new MidWindowTime()));
        var email = Submissions.UniqueEmail();

        for (var i = 0; i < 3; i++)
        {
            var ok = await host.Client.SendAsync(Submissions.Json(Submissions.Valid(email: email, name: $"Komunitas ke-{i}")));
            Assert.Equal(HttpStatusCode.Accepted, ok.StatusCode);
        }
        var refused = await host.Client.SendAsync(Submissions.Json(Submissions.Valid(email: email, name: "Komunitas keempat")));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("rate-limited", (await refused.ReadJson()).ErrorCodes("email"));
        Assert.Equal(3, await CountRegistrations(host));

        // A duplicate sends no email, so it is still answered.
        var duplicate = await host.Client.SendAsync(Submissions.Json(Submissions.Valid(email: email, name: "Komunitas ke-0")));
        Assert.Equal(HttpStatusCode.Accepted, duplicate.StatusCode);
    }

    [Fact]
    public async Task Each_client_address_has_an_hourly_limit()
    {
        await using var host = await LocalHost.StartAsync(new Dictionary<string, string?> { ["RateLimits:SubmissionsPerClientPerHour"] = "2" },
            services: s => s.AddSingleton<TimeProvider>(new MidWindowTime()));

        await host.Client.SendAsync(Submissions.Json(Submissions.Valid()));
        await host.Client.SendAsync(Submissions.Json(Submissions.Valid()));
        var refused = await host.Client.SendAsync(Submissions.Json(Submissions.Valid()));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("rate-limited", (await refused.ReadJson()).ErrorCodes("client"));
        Assert.Equal(2, await CountRegistrations(host));
    }

    [Fact]
    public async Task Unknown_and_malformed_ids_are_not_found()
    {
        await using var host = await LocalHost.StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await host.Client.GetAsync($"/api/communities/{RecordId.New()}")).StatusCode);
        var malformed = await host.Client.GetAsync("/api/communities/..%2F..%2Fetc");
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Registration_form_lists_every_regency_grouped_by_province_with_its_zone()
    {
        await using var host = await LocalHost.StartAsync();

        var html = await host.Client.GetStringAsync("/api/daftar");

        Assert.Contains("<form method=\"post\" action=\"/api/communities\"", html);
        Assert.Contains("<optgroup label=\"Jawa Timur (WIB)\">", html);
        Assert.Contains("<optgroup label=\"Kalimantan Selatan (WITA)\">", html);
        Assert.Contains("<option value=\"35.73\">Kota Malang</option>", html);
        Assert.Contains("<option value=\"63.09\">Kabupaten Tabalong</option>", html);
        Assert.Equal(514, html.Split("<option value=\"").Length - 2);
        Assert.Contains("name=\"consentVersion\" value=\"2026-11\"", html);
    }

    static Task<int> CountRegistrations(LocalHost host) => Rows.CountAsync(host.Get<KomunitasTables>().Client(RegistrationStore.TableName));
}
