using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ServerlessKomunitas.Http;
using ServerlessKomunitas.Operations;

namespace ServerlessKomunitas.Local.Operations;

/// <summary>The admin key that stands in locally for Azure's function keys, sent the same way: the x-functions-key header.</summary>
public sealed class AdminOptions
{
    public const string Section = "Admin";

    public string Key { get; set; } = "local-admin-key";
}

public static class OperatorRoutes
{
    public const string KeyHeader = "x-functions-key";

    public static IEndpointRouteBuilder MapOperatorRoutes(this IEndpointRouteBuilder app)
    {
        var operators = app.MapGroup("").AddEndpointFilter(RequireAdminKey);
        operators.MapRoute(ApiRoutes.ListPolicies, (HttpRequest request, OperatorEndpoints endpoints) => endpoints.ListPoliciesAsync(request));
        operators.MapRoute(ApiRoutes.PutPolicy, (HttpRequest request, string kind, string scope, OperatorEndpoints endpoints) => endpoints.PutPolicyAsync(request, kind, scope));
        operators.MapRoute(ApiRoutes.DeletePolicy, (HttpRequest request, string kind, string scope, OperatorEndpoints endpoints) => endpoints.DeletePolicyAsync(request, kind, scope));
        operators.MapRoute(ApiRoutes.ListCoordinators, (HttpRequest request, OperatorEndpoints endpoints) => endpoints.ListCoordinatorsAsync(request));
        operators.MapRoute(ApiRoutes.PutCoordinator, (HttpRequest request, string id, OperatorEndpoints endpoints) => endpoints.PutCoordinatorAsync(request, id));
        operators.MapRoute(ApiRoutes.BreachReport, (HttpRequest request, ServerlessKomunitas.Privacy.BreachEndpoints breach) => breach.ReportAsync(request));
        operators.MapRoute(ApiRoutes.PutChallenge, (HttpRequest request, string week, string subsector, OperatorEndpoints endpoints) => endpoints.PutChallengeAsync(request, week, subsector));
        return app;
    }

    /// <summary>The endpoint filter that stands in for Azure's function keys on every operator route, here and in /dev/jobs.</summary>
    public static async ValueTask<object?> RequireAdminKey(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var expected = context.HttpContext.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Key;
        var given = context.HttpContext.Request.Headers[KeyHeader].ToString();
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected)) || given.Length == 0)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "unauthorized", "An operator key is required.",
                $"Kirim kunci operator di header {KeyHeader}.");
        }
        return await next(context);
    }
}
