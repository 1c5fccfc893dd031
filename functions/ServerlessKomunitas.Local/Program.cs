using ServerlessKomunitas.Local.Mail;

// `seed [--reference-only]` loads the data in seeds/ into Table Storage and exits; `mail` runs only the local SendGrid
// endpoint and mailbox (for the Functions host); `functions-settings` writes the Functions app's local.settings.json;
// anything else runs the app.
if (args is ["seed", ..])
{
    return await SeedCommand.RunAsync(args[1..]);
}
if (args is ["functions-settings", ..])
{
    return FunctionsSettings.Write(args[1..]);
}
if (args is ["mail", ..])
{
    await MailService.Build(args[1..]).RunAsync();
    return 0;
}

var app = LocalApp.Build(args);
await app.RunAsync();
return 0;
