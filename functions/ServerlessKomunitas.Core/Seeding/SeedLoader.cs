using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Coordinators;
using ServerlessKomunitas.Registrations;

namespace ServerlessKomunitas.Seeding;

/// <summary>
/// Loads the files in seeds/ into Table Storage: regions with their time zones and coordinators
/// (reference data, also for production), and the fictional sample communities (local only).
/// Loading twice changes nothing.
/// </summary>
public sealed class SeedLoader(KomunitasTables tables, CoordinatorDirectory coordinators, PolicyStore policies, RegistrationValidator validator,
    Claims claims, Engagement.ChallengeStore challenges, TimeProvider time, IRecordChangeObserver? changes = null)
{
    public sealed record Summary(int Provinces, int Regencies, int Coordinators, int Policies, int Communities, int Challenges = 0);

    sealed record PolicySeed(string SubjectKind, string Scope, ApprovalRule Rule, int? Quorum, List<ApproverSpec> Approvers);

    public async Task<Summary> LoadAsync(string seedsDirectory, bool referenceOnly, CancellationToken cancellationToken = default)
    {
        await tables.CreateAllAsync(cancellationToken);
        var (provinces, regencies) = await LoadRegionsAsync(seedsDirectory, cancellationToken);
        var coordinatorCount = await LoadCoordinatorsAsync(seedsDirectory, cancellationToken);
        var policyCount = await LoadPoliciesAsync(seedsDirectory, cancellationToken);
        var challengeCount = await LoadChallengesAsync(seedsDirectory, cancellationToken);
        var communities = referenceOnly ? 0 : await LoadCommunitiesAsync(seedsDirectory, cancellationToken);
        return new Summary(provinces, regencies, coordinatorCount, policyCount, communities, challengeCount);
    }

    async Task<(int Provinces, int Regencies)> LoadRegionsAsync(string directory, CancellationToken cancellationToken)
    {
        var zones = Csv.Read(Path.Combine(directory, "timezones.csv"), "province_code", "zone")
            .ToDictionary(r => r["province_code"], r => Enum.Parse<IndonesianTimeZone>(r["zone"]));
        var provinces = Csv.Read(Path.Combine(directory, "regions", "provinces.csv"), "code", "name").ToList();
        var regencies = Csv.Read(Path.Combine(directory, "regions", "regencies.csv"), "code", "province_code", "name").ToList();

        var missingZone = provinces.FirstOrDefault(p => !zones.ContainsKey(p["code"]));
        if (missingZone is not null)
        {
            throw new InvalidDataException($"timezones.csv has no zone for province {missingZone["code"]}.");
        }

        await KomunitasTables.SubmitInBatchesAsync(tables.Client(Regions.RegionDirectory.TableName), provinces.Select(p => Upsert(new TableEntity(RegionDirectory.ProvincePartition, TableKey.Checked(p["code"]))
        {
            ["Name"] = p["name"],
            ["Zone"] = zones[p["code"]].ToString(),
        })), cancellationToken);
        await KomunitasTables.SubmitInBatchesAsync(tables.Client(Regions.RegionDirectory.TableName), regencies.Select(r => Upsert(new TableEntity(RegionDirectory.RegencyPartition, TableKey.Checked(r["code"]))
        {
            ["Name"] = r["name"],
            ["ProvinceCode"] = r["province_code"],
        })), cancellationToken);
        return (provinces.Count, regencies.Count);
    }

    async Task<int> LoadCoordinatorsAsync(string directory, CancellationToken cancellationToken)
    {
        var rows = Csv.Read(Path.Combine(directory, "coordinators.csv"), "level", "region_code", "title", "name", "email").ToList();
        foreach (var row in rows)
        {
            var level = Enum.Parse<CoordinatorLevel>(row["level"], ignoreCase: true);
            var region = level == CoordinatorLevel.National ? Coordinator.NationalRegion : row["region_code"];
            // The phone is optional (a column older files lack): empty, or a number the app can send WhatsApp to.
            var phone = row.GetValueOrDefault("phone") is { Length: > 0 } typed
                ? IndonesianPhoneNumber.ToE164(typed) ?? throw new InvalidDataException($"coordinators.csv: {typed} is not an Indonesian phone number.")
                : null;
            await coordinators.SaveAsync(new Coordinator(level, region, row["title"], row["name"], row["email"], phone), cancellationToken);
        }
        return rows.Count;
    }

    /// <summary>The standing challenge of each subsector, for a week nobody has set one.</summary>
    async Task<int> LoadChallengesAsync(string directory, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(Path.Combine(directory, "challenges.json"));
        var seeds = await JsonSerializer.DeserializeAsync<List<Engagement.Challenge>>(file, ApiJson.Options, cancellationToken) ?? [];
        foreach (var challenge in seeds)
        {
            if (!Subsectors.IsKnown(challenge.Subsector))
            {
                throw new InvalidDataException($"challenges.json names an unknown subsector: {challenge.Subsector}.");
            }
            await challenges.SaveAsync(Engagement.ChallengeStore.Default, challenge, cancellationToken);
        }
        return seeds.Count;
    }

    async Task<int> LoadPoliciesAsync(string directory, CancellationToken cancellationToken)
    {
        await using var file = File.OpenRead(Path.Combine(directory, "policies.json"));
        var seeds = await JsonSerializer.DeserializeAsync<List<PolicySeed>>(file, ApiJson.Options, cancellationToken) ?? [];
        foreach (var seed in seeds)
        {
            await policies.SaveAsync(new PolicyDefinition(seed.SubjectKind, seed.Scope, seed.Rule, seed.Quorum ?? 1, seed.Approvers), cancellationToken);
        }
        return seeds.Count;
    }

    async Task<int> LoadCommunitiesAsync(string directory, CancellationToken cancellationToken)
    {
        using var file = File.OpenRead(Path.Combine(directory, "communities.json"));
        using var document = await JsonDocument.ParseAsync(file, cancellationToken: cancellationToken);
        var count = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            using var withConsent = WithSeedConsent(element);
            var (registration, errors) = await validator.ValidateAsync(RegistrationInput.FromJson(withConsent.RootElement), cancellationToken);
            if (registration is null)
            {
                throw new InvalidDataException($"communities.json entry {count + 1} is invalid: {JsonSerializer.Serialize(errors, ApiJson.Options)}");
            }
            var naturalKey = RegistrationIntake.NaturalKeyOf(registration);
            var id = RecordId.FromSeed("seed-community\n" + naturalKey);
            var now = time.GetUtcNow();
            var row = Registration.Create(id, registration, now);
            row.Status = RegistrationStatus.Approved;
            row.ConfirmedAt = now;
            row.DecidedAt = now;
            row.DecidedBy = "seed";
            await tables.Client(Registrations.RegistrationStore.TableName).UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
            // A seeded community is on the map at once, as an approved one is.
            await (changes?.RecordChangedAsync(Registrations.RegistrationStore.TableName, id, cancellationToken) ?? Task.CompletedTask);
            await claims.RepointAsync(Claims.KeyOf("registration", naturalKey), id, cancellationToken);
            count++;
        }
        return count;
    }

    /// <summary>Sample communities are fictional; they carry the current consent version so that they validate like a real submission.</summary>
    JsonDocument WithSeedConsent(JsonElement element)
    {
        var fields = element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        fields[RegistrationInput.Fields.Consent] = true;
        fields[RegistrationInput.Fields.ConsentVersion] = validator.CurrentConsentVersion;
        return JsonDocument.Parse(JsonSerializer.Serialize(fields));
    }

    static TableTransactionAction Upsert(TableEntity entity) => new(TableTransactionActionType.UpsertReplace, entity);
}
