using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP triggers run on ASP.NET Core, so Core's handlers see a real HttpRequest.
builder.ConfigureFunctionsWebApplication();

builder.Build().Run();
