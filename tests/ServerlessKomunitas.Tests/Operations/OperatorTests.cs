using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Tests.Registrations;

namespace ServerlessKomunitas.Tests.Operations;

public class OperatorTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    public const string AdminKey = "local-admin-key";

    HttpClient Client => shared.Host.Client;

    public static HttpRequestMessage Request(HttpMethod method, string path, string? json = null, string? key = AdminKey)
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }
        return request;
    }

    [Theory]
    [InlineData(null)]
    [InlineData("salah")]
    public async Task Operator_routes_refuse_a_missing_or_wrong_key(string? key)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Get, "/api/operator/policies", key: key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_policy_is_saved_listed_and_removed()
    {
        var put = await Client.SendAsync(Request(HttpMethod.Put, "/api/operator/policies/proposal-meetup/regency-63.09",
            """{"rule":"Quorum","quorum":2,"approvers":[{"approver":"@regency"},{"approver":"province-63","required":true},{"approver":"@national"}]}"""));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var list = await (await Client.SendAsync(Request(HttpMethod.Get, "/api/operator/policies"))).ReadJson();
        var saved = list.EnumerateArray().Single(p => p.GetProperty("subjectKind").GetString() == "proposal-meetup");
        Assert.Equal("Quorum", saved.GetProperty("rule").GetString());
        Assert.Equal(2, saved.GetProperty("quorum").GetInt32());
        Assert.True(saved.GetProperty("approvers")[1].GetProperty("required").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(Request(HttpMethod.Delete, "/api/operator/policies/proposal-meetup/regency-63.09"))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.SendAsync(Request(HttpMethod.Delete, "/api/operator/policies/proposal-meetup/regency-63.09"))).StatusCode);
    }

    [Theory]
    [InlineData("proposal", "antartika", """{"rule":"AnyOf","approvers":[{"approver":"@regency"}]}""", "scope", "invalid-scope")]
    [InlineData("Proposal!", "national", """{"rule":"AnyOf","approvers":[{"approver":"@regency"}]}""", "kind", "invalid-kind")]
    [InlineData("proposal", "national", """{"approvers":[{"approver":"@regency"}]}""", "rule", "required")]
    [InlineData("proposal", "national", """{"rule":"AnyOf","approvers":[]}""", "approvers", "required")]
    [InlineData("proposal", "national", """{"rule":"AnyOf","approvers":[{"approver":"province-99"}]}""", "approvers", "unknown-approver")]
    [InlineData("proposal", "national", """{"rule":"Quorum","quorum":3,"approvers":[{"approver":"@regency"},{"approver":"@province"}]}""", "quorum", "out-of-range")]
    [InlineData("proposal", "national", """{"rule":"Semua","approvers":[{"approver":"@regency"}]}""", "body", "type")]
    public async Task A_bad_policy_is_a_400_naming_the_field(string kind, string scope, string json, string field, string code)
    {
        var response = await Client.SendAsync(Request(HttpMethod.Put, $"/api/operator/policies/{kind}/{scope}", json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(code, (await response.ReadJson()).ErrorCodes(field));
    }

    [Fact]
    public async Task A_coordinator_is_saved_and_listed_and_a_bad_one_refused()
    {
        var put = await Client.SendAsync(Request(HttpMethod.Put, "/api/operator/coordinators/regency-35.07",
            """{"title":"Koordinator Kabupaten Malang","name":"Wulan Sari","email":"Wulan@Example.org","phone":"0812-3456-7890"}"""));
        var bad = await Client.SendAsync(Request(HttpMethod.Put, "/api/operator/coordinators/kota-malang",
            """{"title":"x","name":"","email":"bukan","phone":"12345"}"""));

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var list = await (await Client.SendAsync(Request(HttpMethod.Get, "/api/operator/coordinators"))).ReadJson();
        Assert.Contains(list.EnumerateArray(), c => c.GetProperty("id").GetString() == "regency-35.07" && c.GetProperty("email").GetString() == "wulan@example.org"
            && c.GetProperty("phone").GetString() == "+6281234567890");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.ReadJson();
        Assert.Contains("invalid-id", problem.ErrorCodes("id"));
        Assert.Contains("invalid-email", problem.ErrorCodes("email"));
        Assert.Contains("invalid-phone", problem.ErrorCodes("phone"));
    }
}
