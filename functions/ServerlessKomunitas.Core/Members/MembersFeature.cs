using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Members;

public static class MembersFeature
{
    /// <summary>Members: persons and memberships, double opt-in, and the daily digest of new members to community contacts.</summary>
    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddSettings<MemberOptions>(MemberOptions.Section,
            o => o.IsValid, "Member:ConfirmationWindow must be positive and Member:DefaultMentorCapacity between 1 and Member:MaxMentorCapacity.");
        services.AddTable(new(PersonStore.TableName, true, ["name", "email", "phone", "kab/kota and province", "time zone", "subsectors", "profile",
            "mentoring wishes and capacity", "consent version and time", "email preferences", "last activity"],
            r => r.RowKey.StartsWith(Person.RowPrefix, StringComparison.Ordinal) ? PersonReference.ByKey(r.PartitionKey) : [], OpenedByLink: true));
        services.AddSingleton<PersonStore>();
        services.AddPersonalDataHolder<MemberPersonalData>();
        services.AddSingleton<MemberLinks>();
        services.AddSingleton<MemberValidator>();
        services.AddSingleton<MemberIntake>();
        services.AddSingleton<MemberEndpoints>();
        services.AddTable(new(NewMemberQueue.TableName, true, ["new-member digest entries"], r => PersonReference.ByKey(r.RowKey.Split('-').LastOrDefault())));
        return services.AddSingleton<NewMemberQueue>();
    }
}
