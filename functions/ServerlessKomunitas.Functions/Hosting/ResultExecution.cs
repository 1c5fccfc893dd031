namespace ServerlessKomunitas.Functions.Hosting;

/// <summary>
/// The Functions ASP.NET Core integration executes <see cref="IActionResult"/> but not minimal-API
/// <see cref="IResult"/> (azure-functions-dotnet-worker #2718). Core's handlers return <see cref="IResult"/>,
/// so a trigger writes it to the request's own HttpContext and hands the host an empty result.
/// </summary>
public static class ResultExecution
{
    /// <summary>
    /// Writes the handler's result. A failure under it reaches <see cref="RequestPipelineMiddleware"/>, which answers it
    /// as Local does.
    /// </summary>
    public static async Task<IActionResult> ExecuteOn(this Task<IResult> pending, HttpRequest request)
    {
        await (await pending).ExecuteAsync(request.HttpContext);
        return new EmptyResult();
    }

    public static Task<IActionResult> ExecuteOn(this IResult result, HttpRequest request) =>
        Task.FromResult(result).ExecuteOn(request);
}
