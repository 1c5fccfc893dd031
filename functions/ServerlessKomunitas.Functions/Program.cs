using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ServerlessKomunitas;
using ServerlessKomunitas.Functions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP triggers run on ASP.NET Core, so Core's handlers see a real HttpRequest.
builder.ConfigureFunctionsWebApplication();

// Traces and logs to Application Insights through OpenTelemetry, with the app's identity.
builder.AddFunctionsTelemetry();

// Anonymous POSTs and DELETEs pass the request limits first (per client, per link; Table Storage counters).
builder.UseMiddleware<RequestLimitsMiddleware>();

// The domain, storage and HTTP handlers, exactly as the Local host registers them.
builder.Services.AddKomunitasCore();

builder.Build().Run();
