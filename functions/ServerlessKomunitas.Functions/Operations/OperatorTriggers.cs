using ServerlessKomunitas.Operations;

namespace ServerlessKomunitas.Functions.Operations;

/// <summary>Operator routes: the Functions host checks the function key before these run.</summary>
public sealed class OperatorTriggers(OperatorEndpoints operators, ServerlessKomunitas.Privacy.BreachEndpoints breach)
{
    [Function(nameof(ApiRoutes.ListPolicies))]
    public Task<IActionResult> ListPolicies(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Templates.Policies)] HttpRequest request) =>
        operators.ListPoliciesAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.PutPolicy))]
    public Task<IActionResult> PutPolicy(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiRoutes.Templates.Policy)] HttpRequest request, string kind, string scope) =>
        operators.PutPolicyAsync(request, kind, scope).ExecuteOn(request);

    [Function(nameof(ApiRoutes.DeletePolicy))]
    public Task<IActionResult> DeletePolicy(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiRoutes.Templates.Policy)] HttpRequest request, string kind, string scope) =>
        operators.DeletePolicyAsync(request, kind, scope).ExecuteOn(request);

    [Function(nameof(ApiRoutes.ListCoordinators))]
    public Task<IActionResult> ListCoordinators(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Templates.Coordinators)] HttpRequest request) =>
        operators.ListCoordinatorsAsync(request).ExecuteOn(request);

    [Function(nameof(ApiRoutes.PutCoordinator))]
    public Task<IActionResult> PutCoordinator(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiRoutes.Templates.Coordinator)] HttpRequest request, string id) =>
        operators.PutCoordinatorAsync(request, id).ExecuteOn(request);

    [Function(nameof(ApiRoutes.PutChallenge))]
    public Task<IActionResult> PutChallenge(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiRoutes.Templates.Challenge)] HttpRequest request, string week, string subsector) =>
        operators.PutChallengeAsync(request, week, subsector).ExecuteOn(request);

    [Function(nameof(ApiRoutes.BreachReport))]
    public Task<IActionResult> BreachReport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiRoutes.Templates.Breach)] HttpRequest request) =>
        breach.ReportAsync(request).ExecuteOn(request);
}
