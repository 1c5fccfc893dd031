using System.Text.Json;
using System.Text.Json.Serialization;

namespace ServerlessKomunitas.Tests.Harness;

/// <summary>
/// A workflow instance as its host reports it: on the Local host through the Durable Task client in-process, on the
/// real Functions host through the Durable extension's HTTP API (the one the portal and operators use).
/// </summary>
public sealed record WorkflowSnapshot(string RuntimeStatus, JsonElement? Output, JsonElement? CustomStatus, DateTimeOffset LastUpdatedAt)
{
    // Outputs and custom statuses are JSON on both hosts; enums arrive as numbers or names depending on the serializer.
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public bool HasEnded => RuntimeStatus is "Completed" or "Failed" or "Terminated";

    public T ReadOutputAs<T>() => Output is { } output ? output.Deserialize<T>(Json)! : throw new InvalidOperationException("The workflow has no output.");

    public T? ReadCustomStatusAs<T>() => CustomStatus is { ValueKind: not JsonValueKind.Null } status ? status.Deserialize<T>(Json) : default;

    /// <summary>Parses the JSON text a Durable Task client returns (null when the instance has none).</summary>
    public static JsonElement? Parse(string? serialized) => string.IsNullOrEmpty(serialized) ? null : JsonDocument.Parse(serialized).RootElement.Clone();
}

public static class WorkflowWaits
{
    /// <summary>Waits until the workflow has ended (completed, failed or terminated), and asserts that it completed.</summary>
    public static async Task<WorkflowSnapshot> CompletionAsync(this IAppHost host, string instanceId, int seconds = 180)
    {
        var ended = await EndAsync(host, instanceId, seconds);
        Assert.Equal("Completed", ended.RuntimeStatus);
        return ended;
    }

    /// <summary>Waits until the workflow has ended, however it ended.</summary>
    public static async Task<WorkflowSnapshot> EndAsync(this IAppHost host, string instanceId, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (await host.WorkflowAsync(instanceId) is { HasEnded: true } ended)
            {
                return ended;
            }
            Assert.True(DateTime.UtcNow < deadline, $"Workflow {instanceId} did not end within {seconds} s.");
            await Task.Delay(200);
        }
    }
}
