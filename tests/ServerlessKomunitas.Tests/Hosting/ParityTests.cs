using System.Reflection;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using ServerlessKomunitas.Hosting;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Tests.Harness;
using ServerlessKomunitas.Workflows;

namespace ServerlessKomunitas.Tests.Hosting;

/// <summary>Both hosts serve exactly Core's routes. Adding a route to one host and not the other fails here.</summary>
public class ParityTests(SharedLocalHost shared) : IClassFixture<SharedLocalHost>
{
    static IEnumerable<string> Expected() => ApiRoutes.All.Select(r =>
        $"{r.Name} {r.Method} {r.Template} {(r.Access == RouteAccess.Operator ? AuthorizationLevel.Function : AuthorizationLevel.Anonymous)}");

    [Fact]
    public void Functions_http_triggers_match_cores_routes_with_methods_and_auth_levels()
    {
        var actual = FunctionsInventory.HttpFunctions().Select(f => $"{f.Name} {f.Method} {f.Route} {f.Level}");

        Assert.Equal(Expected().Order(), actual.Order());
    }

    [Fact]
    public void Functions_metadata_from_the_build_lists_every_route_as_an_http_trigger()
    {
        var actual = FunctionsInventory.Metadata().EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
                .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m =>
                    $"{f.GetProperty("name").GetString()} {m.GetString()!.ToUpperInvariant()} {b.GetProperty("route").GetString()} {b.GetProperty("authLevel").GetString()}")));

        Assert.Equal(Expected().Order(), actual.Order());
    }

    [Fact]
    public void Functions_orchestration_and_activity_triggers_match_cores_workflow_catalog()
    {
        Assert.Equal(WorkflowCatalog.Orchestrators.Select(t => t.Name).Order(), FunctionsInventory.FunctionsWithTrigger<OrchestrationTriggerAttribute>().Order());
        Assert.Equal(WorkflowCatalog.Activities.Select(t => t.Name).Order(), FunctionsInventory.FunctionsWithTrigger<ActivityTriggerAttribute>().Order());
    }

    [Fact]
    public void Functions_metadata_from_the_build_lists_every_orchestrator_and_activity()
    {
        string[] Named(string triggerType) => FunctionsInventory.Metadata().EnumerateArray()
            .Where(f => f.GetProperty("bindings").EnumerateArray().Any(b => b.GetProperty("type").GetString() == triggerType))
            .Select(f => f.GetProperty("name").GetString()!).Order().ToArray();

        Assert.Equal(WorkflowCatalog.Orchestrators.Select(t => t.Name).Order(), Named("orchestrationTrigger"));
        Assert.Equal(WorkflowCatalog.Activities.Select(t => t.Name).Order(), Named("activityTrigger"));
    }

    [Fact]
    public void Functions_timer_triggers_match_cores_jobs_and_their_schedule_settings()
    {
        var timers = FunctionsInventory.Functions()
            .SelectMany(f => f.Method.GetParameters().Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).OfType<TimerTriggerAttribute>().Select(t => $"{f.Name} {t.Schedule}"));
        var metadata = FunctionsInventory.Metadata().EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray()
                .Where(b => b.GetProperty("type").GetString() == "timerTrigger")
                .Select(b => $"{f.GetProperty("name").GetString()} {b.GetProperty("schedule").GetString()}"));
        var expected = JobCatalog.All.Select(j => $"{j.Name} %{j.ScheduleSetting}%").Order();

        Assert.Equal(expected, timers.Order());
        Assert.Equal(expected, metadata.Order());
        Assert.All(JobCatalog.All, j => Cronos.CronExpression.Parse(j.DefaultSchedule, Cronos.CronFormat.IncludeSeconds));
    }

    [Fact]
    public void Every_function_is_an_http_route_a_workflow_task_or_a_job()
    {
        var known = ApiRoutes.All.Select(r => r.Name)
            .Concat(WorkflowCatalog.Orchestrators.Select(t => t.Name))
            .Concat(WorkflowCatalog.Activities.Select(t => t.Name))
            .Concat(JobCatalog.All.Select(j => j.Name));

        Assert.Equal(known.Order(), FunctionsInventory.Functions().Select(f => f.Name).Order());
    }

    [Fact]
    public void Local_host_maps_exactly_cores_routes_under_api()
    {
        var endpoints = shared.Host.Get<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m =>
                $"{e.Metadata.GetMetadata<EndpointNameMetadata>()?.EndpointName} {m} {e.RoutePattern.RawText}"));

        Assert.Equal(ApiRoutes.All.Select(r => $"{r.Name} {r.Method} {r.Path}").Order(), endpoints.Order());
    }
}
