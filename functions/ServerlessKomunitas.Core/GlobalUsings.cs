// What every feature stands on, imported once: the platform (Azure Tables, ASP.NET Core's HTTP types, hosting's
// options, logging and DI, the Durable Task client) and the app's own foundations (storage, regions, email, HTTP
// answers, routes, links, pages, audit, validation, workflows). A feature's dependencies on other features stay
// explicit in its files, so that a using of Members or Proposals still says where a feature reaches.
global using System.Text;
global using System.Text.Json;
global using Azure;
global using Azure.Data.Tables;
global using Microsoft.AspNetCore.Http;
global using Microsoft.DurableTask;
global using Microsoft.DurableTask.Client;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Options;
global using ServerlessKomunitas.Audit;
global using ServerlessKomunitas.Hosting;
global using ServerlessKomunitas.Http;
global using ServerlessKomunitas.Links;
global using ServerlessKomunitas.Notifications;
global using ServerlessKomunitas.Pages;
global using ServerlessKomunitas.Regions;
global using ServerlessKomunitas.Storage;
global using ServerlessKomunitas.Validation;
global using ServerlessKomunitas.Workflows;
