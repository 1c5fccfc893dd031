namespace ServerlessKomunitas.Health;

/// <summary>
/// Whether this host can do its work: storage reachable and the reference data loaded, email configured,
/// signing keys loaded. 200 when all hold, 503 otherwise. It names problems, never secrets.
/// </summary>
public sealed class HealthEndpoint(KomunitasTables tables, IOptions<EmailOptions> email, IOptions<LinkSigningOptions> links)
{
    public sealed record HealthReport(string Status, string Version, IReadOnlyDictionary<string, string> Checks);

    static readonly string Version = typeof(HealthEndpoint).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    public async Task<IResult> HandleAsync(HttpRequest request)
    {
        var checks = new Dictionary<string, string>
        {
            ["storage"] = await StorageAsync(request.HttpContext.RequestAborted),
            ["email"] = EmailCheck(),
            ["signingKeys"] = LinksCheck(),
        };
        var healthy = checks.Values.All(v => v.StartsWith("ok", StringComparison.Ordinal));
        return Results.Json(new HealthReport(healthy ? "ok" : "unhealthy", Version, checks), ApiJson.Options,
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    async Task<string> StorageAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            // One point read: the account answers, and the reference data (seed --reference-only) is there.
            var province = await tables.Client(Regions.RegionDirectory.TableName).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(RegionDirectory.ProvincePartition, "11", cancellationToken: timeout.Token);
            return province.HasValue ? "ok" : "reference data missing: run seed --reference-only";
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return "tables missing: run seed --reference-only";
        }
        catch (Exception e) when (e is Azure.RequestFailedException or OperationCanceledException or HttpRequestException or AggregateException
                                   or Azure.Identity.AuthenticationFailedException or InvalidOperationException)
        {
            return "unreachable";
        }
    }

    string EmailCheck()
    {
        var options = email.Value;
        return string.IsNullOrWhiteSpace(options.SendGridApiKey) || string.IsNullOrWhiteSpace(options.From) ? "not configured" : "ok";
    }

    string LinksCheck()
    {
        var options = links.Value;
        return options.IsValid(out _) ? $"ok: {options.Keys.Count} key(s)" : "not configured";
    }
}
