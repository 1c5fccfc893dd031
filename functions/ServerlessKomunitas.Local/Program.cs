using ServerlessKomunitas.Local.Hosting;

// `seed [--reference-only]` loads the data in seeds/ into Table Storage and exits; anything else runs the app.
if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(args[1..]);
}

var app = LocalApp.Build(args);
await app.RunAsync();
return 0;
