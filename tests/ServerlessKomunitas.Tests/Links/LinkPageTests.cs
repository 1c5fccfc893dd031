using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Links;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Links;

/// <summary>Expired, tampered and unknown links each get their own page and a 4xx, and change nothing.</summary>
public class LinkPageTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    HttpClient Client => shared.Host.Client;

    LinkSigner Signer => shared.Host.Get<LinkSigner>();

    public static TheoryData<string, LinkPurpose> Routes() => new()
    {
        { "/api/confirmations/", LinkPurpose.Confirm },
        { "/api/approvals/", LinkPurpose.Decide },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_tampered_link_gets_400_with_its_own_page(string route, LinkPurpose purpose)
    {
        var token = Signer.Sign(new SignedLink(RecordId.New(), purpose, "province-35", 1, DateTimeOffset.UtcNow.AddDays(1)));
        var tampered = token[..^3] + (token[^3] == 'x' ? "yyy" : "xxx");

        var page = await Client.GetAsync(route + tampered);
        var json = await SendJson(HttpMethod.Post, route + tampered);

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("Tautan tidak valid", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.Equal("urn:serverless-komunitas:problem:link-invalid", (await json.ReadJson()).GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_link_signed_with_an_unknown_key_gets_404(string route, LinkPurpose purpose)
    {
        var foreign = new LinkSigner(Options.Create(new LinkSigningOptions
        {
            ActiveKeyId = "retired",
            Keys = { ["retired"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
        }), TimeProvider.System);
        var token = foreign.Sign(new SignedLink(RecordId.New(), purpose, "province-35", 1, DateTimeOffset.UtcNow.AddDays(1)));

        var page = await Client.GetAsync(route + token);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("Tautan tidak dikenal", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_expired_link_gets_410(string route, LinkPurpose purpose)
    {
        var token = Signer.Sign(new SignedLink(RecordId.New(), purpose, "province-35", 1, DateTimeOffset.UtcNow.AddMinutes(-1)));

        var page = await Client.GetAsync(route + token);
        var post = await Client.PostAsync(route + token, new FormUrlEncodedContent([new("decision", "approve")]));

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("kedaluwarsa", await page.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, post.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_valid_link_to_a_record_that_does_not_exist_gets_404(string route, LinkPurpose purpose)
    {
        var token = Signer.Sign(new SignedLink(RecordId.New(), purpose, "province-35", 1, DateTimeOffset.UtcNow.AddDays(1)));

        var page = await Client.GetAsync(route + token);

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task A_confirmation_link_does_not_open_the_approval_page()
    {
        var token = Signer.Sign(new SignedLink(RecordId.New(), LinkPurpose.Confirm, "contact", 1, DateTimeOffset.UtcNow.AddDays(1)));

        Assert.Equal(HttpStatusCode.BadRequest, (await Client.GetAsync("/api/approvals/" + token)).StatusCode);
    }

    async Task<HttpResponseMessage> SendJson(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path) { Content = new FormUrlEncodedContent([new("decision", "approve")]) };
        request.Headers.Accept.ParseAdd("application/json");
        return await Client.SendAsync(request);
    }
}
