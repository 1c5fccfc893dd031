using System.Diagnostics;
using Azure.Data.Tables;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Regions;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Storage;

namespace ServerlessKomunitas.Bench;

/// <summary>A mentee profile drawn like the population: one or two subsectors, a kab/kota, a community.</summary>
sealed record BenchProfile(string CommunityId, IReadOnlyList<string> Subsectors, Regency Regency, IndonesianTimeZone Zone);

/// <summary>
/// Confirmed members, some of them mentors, spread over the given communities, every subsector and every kab/kota,
/// written with the app's own stores (sign-up, confirmation, the mentor index) as its workflows write them, but
/// without their emails: a population of ten thousand through the API would take the benchmark an hour.
/// </summary>
sealed class MentoringPopulation
{
    readonly PersonStore persons;
    readonly MentorDirectory directory;
    readonly IReadOnlyList<Registration> communities;
    readonly IReadOnlyList<(Regency Regency, IndonesianTimeZone Zone)> regencies;
    readonly IReadOnlyList<string> subsectors = Subsectors.Names.Keys.Where(s => s != "lainnya").ToList();

    MentoringPopulation(PersonStore persons, MentorDirectory directory, IReadOnlyList<Registration> communities, IReadOnlyList<(Regency, IndonesianTimeZone)> regencies)
    {
        this.persons = persons;
        this.directory = directory;
        this.communities = communities;
        this.regencies = regencies;
    }

    public static async Task<MentoringPopulation> OpenAsync(string connectionString, string tablePrefix, IEnumerable<string> communityIds)
    {
        var tables = new KomunitasTables(new TableServiceClient(connectionString), Microsoft.Extensions.Options.Options.Create(new StorageOptions { ConnectionString = connectionString, TablePrefix = tablePrefix }), []);
        var persons = new PersonStore(tables);
        var registrations = new RegistrationStore(tables);
        var communities = new List<Registration>();
        foreach (var id in communityIds)
        {
            communities.Add(await registrations.FindAsync(id) ?? throw new InvalidOperationException($"Community {id} is not in the table."));
        }
        var provinces = await new RegionDirectory(tables, TimeProvider.System).ProvincesAsync();
        var regencies = provinces.SelectMany(p => p.Regencies.Select(r => (r, p.Zone))).ToList();
        return new MentoringPopulation(persons, new MentorDirectory(tables, persons), communities, regencies);
    }

    /// <summary>A seeded mentor's name, from their address.</summary>
    public static string NameOf(string mentorEmail) => $"Mentor Populasi {mentorEmail.Split('.')[2].Split('@')[0]}";

    public BenchProfile Draw(Random random, int maxSubsectors = 2)
    {
        var (regency, zone) = regencies[random.Next(regencies.Count)];
        var chosen = random.GetItems(subsectors.ToArray(), random.Next(1, maxSubsectors + 1)).Distinct().ToList();
        return new BenchProfile(communities[random.Next(communities.Count)].Id, chosen, regency, zone);
    }

    /// <summary>Writes <paramref name="members"/> confirmed members of whom <paramref name="mentors"/> offer mentoring; returns the seconds it took.</summary>
    public async Task<double> SeedAsync(int members, int mentors, int concurrency = 32)
    {
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
        {
            var random = new Random(worker);
            for (var i = Interlocked.Increment(ref next); i < members; i = Interlocked.Increment(ref next))
            {
                var mentor = i < mentors;
                var profile = Draw(random, maxSubsectors: mentor ? 3 : 2);
                var community = communities.First(c => c.Id == profile.CommunityId);
                var member = new NewMember(mentor ? $"Mentor Populasi {i}" : $"Anggota Populasi {i}", $"{(mentor ? "mentor" : "anggota")}.populasi.{i}@example.org", "+6281200000000",
                    community, profile.Subsectors, profile.Regency, profile.Zone, null, WantsMentor: false, OffersMentoring: mentor,
                    MentorCapacity: mentor ? random.Next(1, 4) : 0, ConsentVersion: "2026-11");
                var now = DateTimeOffset.UtcNow;
                var signUp = await persons.SignUpAsync(member, now);
                var (rows, _) = await persons.ConfirmAsync(signUp.Person.Key, community.Id, signUp.Membership.Attempt, now);
                if (mentor)
                {
                    await directory.PublishAsync(rows.Person!, [community.Id]);
                }
            }
        }));
        return clock.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// The matching step alone, one request after another: read the candidates of the mentee's subsectors from the
    /// mentor index and rank them, as <c>OfferNextMentor</c> does before it reserves a place.
    /// </summary>
    public async Task<(List<double> Milliseconds, double AverageCandidates)> MeasureMatchingAsync(int samples)
    {
        var random = new Random(7);
        var times = new List<double>();
        long candidates = 0;
        for (var i = 0; i < samples; i++)
        {
            var profile = Draw(random);
            var mentee = new MenteeProfile($"bench-mentee-{i}", profile.CommunityId, profile.Subsectors, profile.Regency.Code, profile.Regency.ProvinceCode, profile.Zone);
            var clock = Stopwatch.StartNew();
            var found = await directory.CandidatesAsync(profile.Subsectors);
            var ranked = MentorMatcher.Rank(mentee, found, []);
            times.Add(clock.Elapsed.TotalMilliseconds);
            candidates += ranked.Count;
        }
        times.Sort();
        return (times, candidates / (double)samples);
    }

    /// <summary>
    /// One person's partition (the person and their memberships), read as every member step reads it: on Azure an
    /// indexed partition query, on Azurite a scan of the table, which is what makes a large population slow here.
    /// </summary>
    public async Task<List<double>> MeasurePersonReadsAsync(int mentors, int members, int samples)
    {
        var random = new Random(11);
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var key = Person.KeyOf($"anggota.populasi.{random.Next(mentors, members)}@example.org");
            var clock = Stopwatch.StartNew();
            _ = await persons.ReadAsync(key);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return times;
    }
}
