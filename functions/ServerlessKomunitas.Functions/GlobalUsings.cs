// What every trigger file uses: the worker's attributes, ASP.NET Core's HTTP types, the Durable client, the route
// list, and the bridge that executes Core's results. A trigger's feature stays an explicit using in its file.
global using Microsoft.AspNetCore.Http;
global using Microsoft.AspNetCore.Mvc;
global using Microsoft.Azure.Functions.Worker;
global using Microsoft.DurableTask;
global using Microsoft.DurableTask.Client;
global using ServerlessKomunitas.Functions.Hosting;
global using ServerlessKomunitas.Hosting;
