using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ServerlessKomunitas;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP triggers run on ASP.NET Core, so Core's handlers see a real HttpRequest.
builder.ConfigureFunctionsWebApplication();

// Traces and logs to Application Insights through OpenTelemetry, with the app's identity.
builder.AddFunctionsTelemetry();

// Every HTTP function runs inside Core's request pipeline, as on Local: limits, handler, 503/500 problem+json, a log line.
builder.UseMiddleware<RequestPipelineMiddleware>();

// Every feature, from Core's one list (KomunitasFeatures), exactly as the Local host registers them.
builder.Services.AddKomunitas();

builder.Build().Run();
