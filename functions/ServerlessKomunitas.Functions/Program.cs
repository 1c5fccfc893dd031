using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using ServerlessKomunitas;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP triggers run on ASP.NET Core, so Core's handlers see a real HttpRequest.
builder.ConfigureFunctionsWebApplication();

// The domain, storage and HTTP handlers, exactly as the Local host registers them.
builder.Services.AddKomunitasCore();

builder.Build().Run();
