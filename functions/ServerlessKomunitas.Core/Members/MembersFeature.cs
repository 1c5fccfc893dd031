using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Members;

public static class MembersFeature
{
    /// <summary>Members: persons and memberships, double opt-in, and the daily digest of new members to community contacts.</summary>
    public static IServiceCollection AddMembers(this IServiceCollection services)
    {
        services.AddSettings<MemberOptions>(MemberOptions.Section,
            o => o.IsValid, "Member:ConfirmationWindow must be positive and Member:DefaultMentorCapacity between 1 and Member:MaxMentorCapacity.");
        services.AddTable(PersonStore.TableName);
        services.AddSingleton<PersonStore>();
        services.AddPersonalDataHolder<MemberPersonalData>();
        services.AddSingleton<MemberLinks>();
        services.AddSingleton<MemberValidator>();
        services.AddSingleton<MemberIntake>();
        services.AddSingleton<MemberEndpoints>();
        services.AddTable(NewMemberQueue.TableName);
        return services.AddSingleton<NewMemberQueue>();
    }
}
