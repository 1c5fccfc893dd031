using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace ServerlessKomunitas.Functions.Hosting;

/// <summary>
/// The Functions ASP.NET Core integration executes <see cref="IActionResult"/> but not minimal-API
/// <see cref="IResult"/> (azure-functions-dotnet-worker #2718). Core's handlers return <see cref="IResult"/>,
/// so a trigger writes it to the request's own HttpContext and hands the host an empty result.
/// </summary>
public static class ResultExecution
{
    /// <summary>
    /// Writes the handler's result; a failure under it is answered by <see cref="ServerlessKomunitas.Http.Failures"/>
    /// (503 with Retry-After for an outage, otherwise a 500 problem+json without the exception's text), as in Local.
    /// </summary>
    public static async Task<IActionResult> ExecuteOn(this Task<IResult> pending, HttpRequest request)
    {
        IResult result;
        try
        {
            result = await pending;
        }
        catch (Exception e) when (!request.HttpContext.RequestAborted.IsCancellationRequested)
        {
            result = ServerlessKomunitas.Http.Failures.Answer(request, e);
        }
        await result.ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }

    public static Task<IActionResult> ExecuteOn(this IResult result, HttpRequest request) =>
        Task.FromResult(result).ExecuteOn(request);
}
