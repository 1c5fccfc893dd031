using ServerlessKomunitas.Abuse;
using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Calendar;
using ServerlessKomunitas.Engagement;
using ServerlessKomunitas.Health;
using ServerlessKomunitas.Inbox;
using ServerlessKomunitas.Jobs;
using ServerlessKomunitas.Listings;
using ServerlessKomunitas.Mapping;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Mentoring;
using ServerlessKomunitas.Operations;
using ServerlessKomunitas.Preferences;
using ServerlessKomunitas.Privacy;
using ServerlessKomunitas.Proposals;
using ServerlessKomunitas.Registrations;
using ServerlessKomunitas.Rsvps;
using ServerlessKomunitas.WhatsApp;

namespace ServerlessKomunitas;

/// <summary>
/// The table of contents of the app: what every feature stands on, then each feature, registered by its own folder
/// (services, options validated at start, the tables its stores keep). Both hosts and the seeder call this one list,
/// so the Functions app and the Local host can never hold different features. A new feature is a folder with an
/// <c>AddX</c> method, a line here, and its triggers (Functions) and routes (Local).
/// </summary>
public static class KomunitasFeatures
{
    public static IServiceCollection AddKomunitas(this IServiceCollection services) => services
        // What every feature stands on.
        .AddSingleton(TimeProvider.System)
        .AddTableStorage()
        .AddAuditTrail()
        .AddEmail()
        .AddWhatsApp()
        .AddSignedLinks()
        .AddReferenceData()
        .AddRequestLimits()
        .AddHealth()
        // The features.
        .AddRegistrations()
        .AddApprovals()
        .AddInbox()
        .AddProposals()
        .AddCalendar()
        .AddRsvps()
        .AddMembers()
        .AddMentoring()
        .AddPreferences()
        .AddPrivacy()
        .AddEngagement()
        .AddMapping()
        .AddListings()
        .AddScheduledJobs()
        .AddOperations();
}
