using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using ServerlessKomunitas.Storage;
using ServerlessKomunitas.Tests.Harness;

namespace ServerlessKomunitas.Tests.Registrations;

/// <summary>Every field rule, for JSON and for form posts. Nothing refused may leave a row behind.</summary>
public class RegistrationValidationTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    HttpClient Client => shared.Host.Client;

    public static TheoryData<string, string, string> JsonCases() => new()
    {
        { """{"name": null}""", "name", "required" },
        { """{"name": 42}""", "name", "type" },
        { """{"name": "ab"}""", "name", "too-short" },
        { $$"""{"name": "{{new string('a', 121)}}"}""", "name", "too-long" },
        { """{"name": "Komunitas\u0007Bel"}""", "name", "control-characters" },
        { """{"name": "Komunitas\nBaris"}""", "name", "control-characters" },
        { """{"subsectors": null}""", "subsectors", "required" },
        { """{"subsectors": []}""", "subsectors", "required" },
        { """{"subsectors": "musik"}""", "subsectors", "type" },
        { """{"subsectors": ["musik", "sulap"]}""", "subsectors", "unknown-subsector" },
        { """{"subsectors": ["lainnya"]}""", "otherSubsector", "required" },
        { $$"""{"subsectors": ["lainnya"], "otherSubsector": "{{new string('x', 61)}}"}""", "otherSubsector", "too-long" },
        { """{"regencyCode": null}""", "regencyCode", "required" },
        { """{"regencyCode": "99.99"}""", "regencyCode", "unknown-regency" },
        { """{"regencyCode": "35"}""", "regencyCode", "unknown-regency" },
        { """{"regencyCode": 35.73}""", "regencyCode", "type" },
        { """{"contactName": ""}""", "contactName", "required" },
        { """{"contactName": "Dinda\u200FParamitha"}""", "contactName", "control-characters" },
        { """{"email": "bukan-email"}""", "email", "invalid-email" },
        { """{"email": "Dinda <dinda@example.org>"}""", "email", "invalid-email" },
        { """{"email": "dinda@localhost"}""", "email", "invalid-email" },
        { """{"email": null}""", "email", "required" },
        { """{"phone": "12345"}""", "phone", "invalid-phone" },
        { """{"phone": "+1 202 555 0100"}""", "phone", "invalid-phone" },
        { """{"phone": "nomor saya"}""", "phone", "invalid-phone" },
        { """{"phone": "++6281234567890"}""", "phone", "invalid-phone" },
        { """{"phone": "0812-3456-7890 ext"}""", "phone", "invalid-phone" },
        { """{"phone": "+62+81234567890"}""", "phone", "invalid-phone" },
        { """{"phone": null}""", "phone", "required" },
        { """{"memberCount": 0}""", "memberCount", "out-of-range" },
        { """{"memberCount": 1000001}""", "memberCount", "out-of-range" },
        { """{"memberCount": 1.5}""", "memberCount", "out-of-range" },
        { """{"memberCount": "banyak"}""", "memberCount", "type" },
        { """{"memberCount": null}""", "memberCount", "required" },
        { """{"foundedYear": 1800}""", "foundedYear", "out-of-range" },
        { """{"foundedYear": 2999}""", "foundedYear", "out-of-range" },
        { """{"links": ["bukan tautan"]}""", "links", "invalid-url" },
        { """{"links": ["javascript:alert(1)"]}""", "links", "invalid-url" },
        { """{"links": ["https://a.example.org","https://b.example.org","https://c.example.org","https://d.example.org","https://e.example.org","https://f.example.org"]}""", "links", "too-many" },
        { """{"links": "https://a.example.org"}""", "links", "type" },
        { $$"""{"description": "{{new string('d', 2001)}}"}""", "description", "too-long" },
        { """{"description": "baris\u0000nol"}""", "description", "control-characters" },
        { """{"consent": false}""", "consent", "consent-required" },
        { """{"consent": null}""", "consent", "consent-required" },
        { """{"consent": "yes"}""", "consent", "type" },
        { """{"consentVersion": "2019-01"}""", "consentVersion", "unknown-consent-version" },
        { """{"consentVersion": null}""", "consentVersion", "required" },
        { """{"website": "https://spam.example.org"}""", "website", "honeypot" },
    };

    [Theory]
    [MemberData(nameof(JsonCases))]
    public async Task Json_field_rule_answers_400_problem_naming_the_field(string change, string field, string code)
    {
        var body = Merge(Submissions.Valid(), change);

        var response = await Client.SendAsync(Submissions.Json(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.ReadJson();
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("urn:serverless-komunitas:problem:", problem.GetProperty("type").GetString());
        Assert.Contains(code, problem.ErrorCodes(field));
        var message = problem.GetProperty("errors").GetProperty(field)[0].GetProperty("message").GetString();
        Assert.False(string.IsNullOrWhiteSpace(message));
        await AssertNothingStored();
    }

    public static TheoryData<string, string, string> FormCases() => new()
    {
        { "name=", "name", "required" },
        { "memberCount=banyak", "memberCount", "integer" },
        { "memberCount=-3", "memberCount", "out-of-range" },
        { "foundedYear=dua ribu", "foundedYear", "integer" },
        { "consent=", "consent", "consent-required" },
        { "subsectors=sulap", "subsectors", "unknown-subsector" },
        { "regencyCode=00.00", "regencyCode", "unknown-regency" },
        { "email=dinda@", "email", "invalid-email" },
        { "phone=0812", "phone", "invalid-phone" },
        { "phone=%2B%2B6281234567890", "phone", "invalid-phone" },
        { "links=ftp://files.example.org", "links", "invalid-url" },
        { "website=isi", "website", "honeypot" },
    };

    [Theory]
    [MemberData(nameof(FormCases))]
    public async Task Form_field_rule_answers_400_problem_for_non_browser_clients(string change, string field, string code)
    {
        var response = await Client.SendAsync(FormWith(change, browser: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains(code, (await response.ReadJson()).ErrorCodes(field));
        await AssertNothingStored();
    }

    [Theory]
    [MemberData(nameof(FormCases))]
    public async Task Form_field_rule_shows_the_form_again_with_the_error_next_to_the_field(string change, string field, string code)
    {
        _ = code;
        var response = await Client.SendAsync(FormWith(change, browser: true));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains($"id=\"f-{field}-error\"", html);
        Assert.Contains("class=\"summary\"", html);
        Assert.Contains("href=\"#f-" + field + "\"", html);
        // What was typed is kept.
        Assert.Contains("value=\"Dinda Paramitha\"", html);
        await AssertNothingStored();
    }

    [Fact]
    public async Task Browser_form_keeps_typed_values_and_shows_messages_in_bahasa_indonesia()
    {
        var response = await Client.SendAsync(FormWith("email=bukan-email&description=Kami <b>suka</b> menggambar", browser: true));

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Alamat email tidak valid", html);
        Assert.Contains("value=\"bukan-email\"", html);
        Assert.Contains("Kami &lt;b&gt;suka&lt;/b&gt; menggambar</textarea>", html);
        Assert.Contains("value=\"film-animasi-video\" checked", html);
        Assert.Contains("<option value=\"35.73\" selected>", html);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_naming_the_body()
    {
        var request = Submissions.Json(Submissions.Valid());
        request.Content = new StringContent("{\"name\": \"Komunitas\", ", Encoding.UTF8, "application/json");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("malformed-json", (await response.ReadJson()).ErrorCodes("body"));
        await AssertNothingStored();
    }

    [Fact]
    public async Task A_json_array_is_a_400_problem_naming_the_body()
    {
        var request = Submissions.Json(Submissions.Valid());
        request.Content = new StringContent("[1, 2, 3]", Encoding.UTF8, "application/json");

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("type", (await response.ReadJson()).ErrorCodes("body"));
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_problem()
    {
        var body = Submissions.Valid();
        body["description"] = new string('x', 40 * 1024);

        var response = await Client.SendAsync(Submissions.Json(body));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("too-large", (await response.ReadJson()).ErrorCodes("body"));
        await AssertNothingStored();
    }

    [Fact]
    public async Task An_oversized_body_without_content_length_is_a_413_problem()
    {
        var body = Submissions.Valid();
        body["description"] = new string('x', 40 * 1024);
        var request = Submissions.Json(body);
        var bytes = await request.Content!.ReadAsByteArrayAsync();
        var streamed = new StreamContent(new UnseekableStream(bytes));
        streamed.Headers.ContentType = new("application/json");
        request.Content = streamed;

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    public async Task A_wrong_content_type_is_a_415_problem(string contentType)
    {
        var request = Submissions.Json(Submissions.Valid());
        request.Content = new StringContent("name=x", Encoding.UTF8);
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("unsupported-media-type", (await response.ReadJson()).ErrorCodes("Content-Type"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("kunci dengan spasi")]
    public async Task A_malformed_idempotency_key_is_a_400_problem(string key)
    {
        var request = Submissions.Json(Submissions.Valid());
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid-idempotency-key", (await response.ReadJson()).ErrorCodes("Idempotency-Key"));
    }

    static JsonObject Merge(JsonObject body, string change)
    {
        foreach (var (key, value) in JsonNode.Parse(change)!.AsObject())
        {
            body[key] = value?.DeepClone();
        }
        return body;
    }

    static HttpRequestMessage FormWith(string change, bool browser)
    {
        var request = Submissions.Form(Submissions.Valid(), browser);
        var pairs = Parse(request.Content!.ReadAsStringAsync().Result);
        foreach (var (key, value) in Parse(change))
        {
            pairs.RemoveAll(p => p.Key == key);
            if (value.Length > 0)
            {
                pairs.Add(new(key, value));
            }
        }
        request.Content = new FormUrlEncodedContent(pairs);
        return request;
    }

    static List<KeyValuePair<string, string>> Parse(string form) =>
        form.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0].Replace('+', ' ')), Uri.UnescapeDataString(p[1].Replace('+', ' '))))
            .ToList();

    async Task AssertNothingStored()
    {
        var tables = shared.Host.Get<KomunitasTables>();
        Assert.Equal(0, await Rows.CountAsync(tables.Client(ServerlessKomunitas.Registrations.RegistrationStore.TableName)));
        Assert.Equal(0, await Rows.CountAsync(tables.Client(ServerlessKomunitas.Storage.Claims.TableName)));
    }

    sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
    }
}
