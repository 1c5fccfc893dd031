using System.Globalization;
using System.Net.Http.Json;
using ServerlessKomunitas.Bench;

// Figures, not a timed test: whole stories at a fixed concurrency on the local stack.
//   dotnet ServerlessKomunitas.Bench.dll [--host local|functions] [--scenario all|registration|proposal|whatsapp|mentoring|challenge|map] [--people 100000] [--stories 300] [--proposal-stories 200]
//       [--concurrency 16] [--warmup-stories 50] [--count-stories 100] [--idle-seconds 20] [--in-memory-stories 300]
//       [--members 10000] [--mentors 1000] [--matching-samples 500] [--mentoring-stories 200] [--skip-count] [--skip-in-memory]
//       [--map-communities 10000] [--map-members 100000] [--map-events 20000] [--map-samples 200]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var options = Options.Parse(args);
var localDll = Path.Combine(options.Root, "functions", "ServerlessKomunitas.Local", "bin", "Release", "net10.0", "ServerlessKomunitas.Local.dll");
if (!File.Exists(localDll))
{
    Console.Error.WriteLine($"Build first: dotnet build -c Release functions/ServerlessKomunitas.Local ({localDll} not found).");
    return 1;
}

// --host functions measures the registration and proposal stories on the real Functions host too, beside the Local
// host's in the same run (npm run bench publishes the app and names the host in KOMUNITAS_FUNCTIONS_APP and FUNCTIONS_HOST).
var hosts = options.Host == "functions" ? new[] { "local", "functions" } : ["local"];
var functionsApp = Environment.GetEnvironmentVariable("KOMUNITAS_FUNCTIONS_APP");
var funcHost = Environment.GetEnvironmentVariable("FUNCTIONS_HOST");
if (options.Host == "functions" && (string.IsNullOrEmpty(functionsApp) || string.IsNullOrEmpty(funcHost)))
{
    Console.Error.WriteLine("--host functions needs KOMUNITAS_FUNCTIONS_APP (the published app) and FUNCTIONS_HOST (func-host); `npm run bench -- --host functions` sets both.");
    return 1;
}
async Task<IBenchHost> StartHost(string kind, Dictionary<string, string> settings) => kind == "functions"
    ? await FunctionsHostProcess.StartAsync(localDll, funcHost!, functionsApp!, settings)
    : await LocalHostProcess.StartAsync(localDll, settings);
static string HostLabel(string kind) => kind == "functions" ? "Functions host (func-host + isolated worker)" : "Local host";

Console.WriteLine($"ServerlessKomunitas benchmark: {Environment.ProcessorCount} cores, {options.Concurrency} concurrent stories\n");
const string AdminKey = "local-admin-key";

if (options.Runs("registration"))
{
    Console.WriteLine("== Registration story: register, confirm, the province coordinator approves ==");
    Task<StoryDriver> Registrations(Site site) => Task.FromResult<StoryDriver>(new RegistrationStories(site));

    // 1. Throughput on the Azure Storage provider over Azurite, with Azurite's raw insert rate in the same run.
    using (var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false))
    {
        var (sequential, concurrent) = await StorageFigures.InsertRateAsync(azurite.ConnectionString);
        Console.WriteLine($"Azurite raw single inserts: {sequential:F0}/s sequential, {concurrent:F0}/s at 16 concurrent");
        foreach (var kind in hosts)
        {
            await Measure(azurite, "AzureStorage", options.Stories, $"{HostLabel(kind)}, Azure Storage provider on Azurite", Registrations, kind);
        }
    }
    // 2. Storage requests per approved registration.
    foreach (var kind in options.SkipCount ? [] : hosts)
    {
        await CountRequests($"registration, {HostLabel(kind)}", options.CountStories, Registrations, kind);
    }
    // 3. The same story on the in-memory engine (the app's own tables still on Azurite).
    if (!options.SkipInMemory)
    {
        using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false);
        await Measure(azurite, "InMemory", options.InMemoryStories, "in-memory engine (app tables on Azurite)", Registrations);
    }
}

if (options.Runs("proposal"))
{
    foreach (var approvers in new[] { 1, 2 })
    {
        Console.WriteLine($"\n== Proposal story, {(approvers == 1 ? "one approver (AnyOf)" : "two approvers (Quorum 2 of 2)")}: propose, confirm, approve, confirm the event, calendar updated ==");
        async Task<StoryDriver> Proposals(Site site) => await ProposalStories.PrepareAsync(site, approvers, AdminKey);
        foreach (var kind in hosts)
        {
            using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false);
            await Measure(azurite, "AzureStorage", options.ProposalStories, $"{HostLabel(kind)}, Azure Storage provider on Azurite", Proposals, kind);
        }
        foreach (var kind in options.SkipCount ? [] : hosts)
        {
            await CountRequests($"approved proposal, {HostLabel(kind)}", options.CountStories, Proposals, kind);
        }
    }
}
if (options.Runs("whatsapp"))
{
    Console.WriteLine("\n== Proposal story, one approver, the contact on WhatsApp: the confirmation request followed from the WhatsApp message (Twilio client to the local endpoint, signed status callbacks) ==");
    async Task<StoryDriver> WhatsAppProposals(Site site) => await ProposalStories.PrepareAsync(site, 1, AdminKey, whatsApp: true);
    foreach (var kind in hosts)
    {
        using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false);
        await Measure(azurite, "AzureStorage", options.ProposalStories, $"{HostLabel(kind)}, Azure Storage provider on Azurite", WhatsAppProposals, kind);
    }
    foreach (var kind in options.SkipCount ? [] : hosts)
    {
        await CountRequests($"approved proposal with the contact on WhatsApp, {HostLabel(kind)}", options.CountStories, WhatsAppProposals, kind);
    }
}
if (options.Runs("mentoring"))
{
    Console.WriteLine($"\n== Mentoring: {options.Members:N0} confirmed members with {options.Mentors:N0} mentors; new members ask for a mentor, the best match accepts, one check-in round ==");
    using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false);
    var settings = Settings(azurite, "AzureStorage");
    // One check-in, due two seconds after the start; no local-hour alignment; nobody times out during the run.
    settings["Mentoring__CheckIns"] = "1";
    settings["Mentoring__Interval"] = "00:00:02";
    settings["Mentoring__OfferTimeout"] = "01:00:00";
    settings["CheckIn__LocalHour"] = "";
    settings["CheckIn__Window"] = "01:00:00";
    using var host = await LocalHostProcess.StartAsync(localDll, settings);
    var registrations = new RegistrationStories(host.Site);
    await registrations.RunAsync(10, 5);
    var population = await MentoringPopulation.OpenAsync(azurite.ConnectionString, settings["Storage__TablePrefix"], registrations.Communities.Select(c => c.Id));
    var seeded = await population.SeedAsync(options.Members, options.Mentors);
    Console.WriteLine($"Population written with the app's stores: {options.Members:N0} members ({options.Mentors:N0} mentors, 10 communities) in {seeded:F1} s");

    var (matching, candidates) = await population.MeasureMatchingAsync(options.MatchingSamples);
    Console.WriteLine($"\nMatching step alone (mentor index read + ranking), {options.MatchingSamples} requests one after another:");
    Console.WriteLine($"  p50 {P(matching, 50):F1} ms, p95 {P(matching, 95):F1} ms, p99 {P(matching, 99):F1} ms; {candidates:F0} ranked candidates on average");

    var reads = await population.MeasurePersonReadsAsync(options.Mentors, options.Members, options.MatchingSamples);
    Console.WriteLine($"One person's partition read (as each member step does): p50 {P(reads, 50):F1} ms, p95 {P(reads, 95):F1} ms");

    var stories = new MentoringStories(host.Site, population);
    await stories.RunAsync(options.WarmupStories, options.Concurrency);
    await stories.CheckInRoundAsync(options.Concurrency);
    var run = await stories.RunAsync(options.MentoringStories, options.Concurrency);
    var matched = run.Sorted(s => s.ApprovedMs);
    Console.WriteLine($"\nMentor requests through the API: {run.Completed} ({run.Failed} failed) in {run.Elapsed.TotalSeconds:F1} s: {run.WorkflowsPerSecond:F1} matched and accepted/s");
    Console.WriteLine($"  confirmation to the mentor's offer email: p50 {P(matched, 50):F0} ms, p95 {P(matched, 95):F0} ms, p99 {P(matched, 99):F0} ms");
    var round = await stories.CheckInRoundAsync(options.Concurrency);
    var moved = round.Sorted(s => s.ApprovedMs);
    Console.WriteLine($"Check-in round: {round.Completed} mentorships ({round.Failed} failed) in {round.Elapsed.TotalSeconds:F1} s: {round.WorkflowsPerSecond:F1} mentorships progressed through a check-in/s");
    Console.WriteLine($"  second submission to the next step's email: p50 {P(moved, 50):F0} ms, p95 {P(moved, 95):F0} ms, p99 {P(moved, 99):F0} ms");
    Console.WriteLine($"  host peak memory (VmHWM): {host.PeakMemoryMiB():F0} MiB");
}
if (options.Runs("challenge"))
{
    Console.WriteLine($"\n== Weekly challenge job over {options.People:N0} confirmed people (mailbox keeps nothing; the SendGrid endpoint checks and counts) ==");
    using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false);
    var settings = Settings(azurite, "InMemory");
    settings["Mailbox__Keep"] = "false";
    settings["MemberDigestSchedule"] = "";
    settings["WeeklyChallengeSchedule"] = "";
    using var host = await LocalHostProcess.StartAsync(localDll, settings);
    var seeded = await ChallengePopulation.SeedAsync(azurite.ConnectionString, settings["Storage__TablePrefix"], options.People);
    Console.WriteLine($"Seeding: {options.People:N0} people in {seeded:F1} s ({options.People / seeded:F0}/s, 64 concurrent inserts)");
    using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(15) };
    var before = host.PeakMemoryMiB();
    foreach (var run in new[] { "first run", "second run (idempotent)" })
    {
        var counted = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/dev/mailbox/stats");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var request = new HttpRequestMessage(HttpMethod.Post, "/dev/jobs/WeeklyChallenge") { Headers = { { "x-functions-key", AdminKey } } };
        var response = await client.SendAsync(request);
        var wall = clock.Elapsed.TotalSeconds;
        var report = await response.Content.ReadAsStringAsync();
        var after = await client.GetFromJsonAsync<System.Text.Json.JsonElement>("/dev/mailbox/stats");
        var requests = after.GetProperty("requests").GetInt64() - counted.GetProperty("requests").GetInt64();
        var recipients = after.GetProperty("recipients").GetInt64() - counted.GetProperty("recipients").GetInt64();
        Console.WriteLine($"{run}: {wall:F1} s wall, {requests} SendGrid requests for {recipients:N0} emails; {(int)response.StatusCode} {report}");
    }
    Console.WriteLine($"  host peak memory (VmHWM): {host.PeakMemoryMiB():F0} MiB (before the runs {before:F0} MiB)");
}
if (options.Runs("map"))
{
    Console.WriteLine($"\n== The map over {options.MapCommunities:N0} communities, {options.MapMembers:N0} members and {options.MapEvents:N0} events, written straight into the tables; the aggregates built by the rebuild job ==");
    using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: false);
    var settings = Settings(azurite, "AzureStorage");
    MapPopulation? population = null;
    foreach (var kind in hosts)
    {
        using var host = await StartHost(kind, settings);
        if (population is null)
        {
            population = await MapPopulation.OpenAsync(azurite.ConnectionString, settings["Storage__TablePrefix"]);
            var seeded = await population.SeedAsync(options.MapCommunities, options.MapMembers, options.MapEvents);
            Console.WriteLine($"Population written: {seeded:F1} s");
        }
        else
        {
            await population.ClearFiguresAsync();
        }
        var since = DateTimeOffset.UtcNow;
        var rebuild = System.Diagnostics.Stopwatch.StartNew();
        await host.StartJobAsync("MapRebuild");
        await population.WaitForRebuildAsync(since, TimeSpan.FromMinutes(30));
        Console.WriteLine($"\n{HostLabel(kind)}: the rebuild job, every figure from the records: {rebuild.Elapsed.TotalSeconds:F1} s");
        using var client = new HttpClient { BaseAddress = host.Site.App, Timeout = TimeSpan.FromMinutes(2) };
        foreach (var (what, path, accept, samples) in new[]
        {
            ("national map, page", "/api/map/ID", "text/html", options.MapSamples),
            ("national map, JSON", "/api/map/ID", "application/json", options.MapSamples),
            ("province (Kalimantan Selatan), page", "/api/map/63", "text/html", options.MapSamples),
            ("kab/kota profile (Kabupaten Tabalong), page", "/api/map/63.09", "text/html", options.MapSamples),
            ("kab/kota profile, JSON", "/api/map/63.09", "application/json", options.MapSamples),
            ("all-kab/kota CSV", "/api/open-data/kabupaten-kota.csv", "text/csv", Math.Max(10, options.MapSamples / 10)),
        })
        {
            var times = await ReadTimesAsync(client, path, accept, samples);
            Console.WriteLine($"  {what}: p50 {P(times, 50):F1} ms, p95 {P(times, 95):F1} ms, p99 {P(times, 99):F1} ms, max {times[^1]:F1} ms ({samples} reads one after another)");
        }
        Console.WriteLine($"  {(kind == "functions" ? "host + worker" : "host")} peak memory (VmHWM): {host.PeakMemoryMiB():F0} MiB");
    }
}
return 0;

// Reads a path one request after another, after ten to warm up; the times sorted.
static async Task<List<double>> ReadTimesAsync(HttpClient client, string path, string accept, int samples)
{
    var times = new List<double>();
    for (var i = -10; i < samples; i++)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var response = await client.SendAsync(request);
        await response.Content.ReadAsByteArrayAsync();
        response.EnsureSuccessStatusCode();
        if (i >= 0)
        {
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
    }
    return [.. times.Order()];
}

async Task Measure(AzuriteProcess azurite, string backend, int stories, string label, Func<Site, Task<StoryDriver>> driverFor, string kind = "local")
{
    using var host = await StartHost(kind, Settings(azurite, backend));
    var driver = await driverFor(host.Site);
    // Warm-up: JIT (tiered recompilation takes half of 2 cores at first), connections, task hub.
    await driver.RunAsync(options.WarmupStories, options.Concurrency);
    var run = await driver.RunAsync(stories, options.Concurrency);
    var posts = run.Sorted(s => s.PostMs);
    var approved = run.Sorted(s => s.ApprovedMs);
    var totals = run.Sorted(s => s.TotalMs);
    Console.WriteLine($"\n{label}: {run.Completed} stories ({run.Failed} failed) in {run.Elapsed.TotalSeconds:F1} s");
    Console.WriteLine($"  submissions accepted: {run.Completed / run.Elapsed.TotalSeconds:F1}/s; POST latency p50 {P(posts, 50):F0} ms, p95 {P(posts, 95):F0} ms, p99 {P(posts, 99):F0} ms");
    Console.WriteLine($"  submission to approved: p50 {P(approved, 50):F0} ms, p95 {P(approved, 95):F0} ms, p99 {P(approved, 99):F0} ms");
    Console.WriteLine($"  workflows completed end to end: {run.WorkflowsPerSecond:F1}/s; story p50 {P(totals, 50):F0} ms, p95 {P(totals, 95):F0} ms, p99 {P(totals, 99):F0} ms");
    Console.WriteLine($"  completions/s per 10 s window: {string.Join(" ", run.RateByWindow(10).Select(r => r.ToString("F1")))}");
    Console.WriteLine($"  {(kind == "functions" ? "host + worker" : "host")} peak memory (VmHWM): {host.PeakMemoryMiB():F0} MiB");
}

// Storage requests per completed story, counted on Azurite's side (its debug log), less an idle baseline.
async Task CountRequests(string what, int stories, Func<Site, Task<StoryDriver>> driverFor, string kind = "local")
{
    using var azurite = await AzuriteProcess.StartAsync(options.Root, debug: true);
    using var host = await StartHost(kind, Settings(azurite, "AzureStorage"));
    var driver = await driverFor(host.Site);
    await driver.RunAsync(options.Concurrency, options.Concurrency);
    await Task.Delay(TimeSpan.FromSeconds(5)); // let the warm-up's tail finish before the idle window
    var mark = StorageFigures.LineCount(azurite.DebugLog!);
    await Task.Delay(TimeSpan.FromSeconds(options.IdleSeconds));
    var idle = StorageFigures.Count(azurite.DebugLog!, mark, out mark);
    var idlePerSecond = idle.Total / options.IdleSeconds;
    var run = await driver.RunAsync(stories, options.Concurrency);
    await Task.Delay(TimeSpan.FromSeconds(2));
    var counted = StorageFigures.Count(azurite.DebugLog!, mark, out _);
    var seconds = run.Elapsed.TotalSeconds + 2;
    var perStory = (counted.Total - idlePerSecond * seconds) / run.Completed;
    Console.WriteLine($"\nStorage requests per {what} (app + Durable): {perStory:F1}");
    Console.WriteLine($"  {counted.Total} requests for {run.Completed} stories in {seconds:F1} s; idle baseline {idlePerSecond:F1}/s over {options.IdleSeconds} s");
    foreach (var (service, count) in counted.ByService.OrderByDescending(p => p.Value))
    {
        Console.WriteLine($"  {service,-6} {count / (double)run.Completed,6:F1} per story");
    }
    Console.WriteLine("  top operations per story:");
    foreach (var (operation, count) in counted.ByOperation.OrderByDescending(p => p.Value).Take(12))
    {
        Console.WriteLine($"    {operation,-34} {count / (double)run.Completed,6:F2}");
    }
}

Dictionary<string, string> Settings(AzuriteProcess azurite, string backend)
{
    var tag = Guid.NewGuid().ToString("N")[..8];
    return new()
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Local__HttpPort"] = Ports.Free().ToString(),
        ["TaskHubName"] = "bench" + tag,
        ["Storage__TablePrefix"] = "b" + tag,
        ["Mailbox__Path"] = "",
        ["Durable__Backend"] = backend,
        ["RateLimits__SubmissionsPerClientPerHour"] = "1000000",
        ["RateLimits__PostsPerClientPerHour"] = "1000000",
        ["RateLimits__EmailsPerAddressPerDay"] = "1000000",
        ["RateLimits__CategoryEmailsPerAddressPerDay"] = "1000000",
        ["Proposal__ProposalsPerCommunityPerDay"] = "1000000",
        // Each story's coordinator decides from the link in its own email, as one coordinator facing hundreds of
        // requests would not (their inbox and digest are InboxFloodTests'): the day's number of single emails lifted.
        ["Inbox__DailyEmails"] = "1000",
    };
}

static double P(IReadOnlyList<double> sorted, int percentile) =>
    sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];

sealed record Options(string Root, string Host, string Scenario, int Stories, int ProposalStories, int Concurrency, int CountStories, int IdleSeconds, int InMemoryStories, int WarmupStories,
    int Members, int Mentors, int MatchingSamples, int MentoringStories, int People, bool SkipCount, bool SkipInMemory,
    int MapCommunities, int MapMembers, int MapEvents, int MapSamples)
{
    public bool Runs(string scenario) => Scenario is "all" || Scenario == scenario;

    public static Options Parse(string[] args)
    {
        int Int(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback;
        var rootIndex = Array.IndexOf(args, "--root");
        var root = rootIndex >= 0 ? args[rootIndex + 1] : FindRoot();
        var scenarioIndex = Array.IndexOf(args, "--scenario");
        var scenario = scenarioIndex >= 0 ? args[scenarioIndex + 1] : "all";
        var hostIndex = Array.IndexOf(args, "--host");
        var host = hostIndex >= 0 ? args[hostIndex + 1] : "local";
        return new Options(root, host, scenario, Int("--stories", 300), Int("--proposal-stories", 200), Int("--concurrency", 16), Int("--count-stories", 100), Int("--idle-seconds", 20),
            Int("--in-memory-stories", 300), Int("--warmup-stories", 50), Int("--members", 10_000), Int("--mentors", 1_000), Int("--matching-samples", 500),
            Int("--mentoring-stories", 200), Int("--people", 100_000), args.Contains("--skip-count"), args.Contains("--skip-in-memory"),
            Int("--map-communities", 10_000), Int("--map-members", 100_000), Int("--map-events", 20_000), Int("--map-samples", 200));
    }

    static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ServerlessKomunitas.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Run inside the repository, or pass --root.");
    }
}
