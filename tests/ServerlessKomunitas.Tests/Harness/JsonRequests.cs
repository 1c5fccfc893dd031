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
}
