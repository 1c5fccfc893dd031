namespace ServerlessKomunitas.Http;

/// <summary>303 See Other: after a browser's form post, the browser GETs the result page.</summary>
public sealed class SeeOther(string location) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = location;
        return Task.CompletedTask;
    }
}
