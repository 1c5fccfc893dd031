using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace ServerlessKomunitas.Tests.Harness;

public static class JsonRequests
{
    /// <summary>POSTs <paramref name="body"/> as JSON and asks for JSON back, as an API client does.</summary>
    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.SendAsync(new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            Headers = { Accept = { new("application/json") } },
        });

    /// <summary>GETs <paramref name="path"/> asking for JSON, as an API client does, and reads the answer.</summary>
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Accept = { new("application/json") } } };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
