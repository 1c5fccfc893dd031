namespace ServerlessKomunitas.Mentoring;

/// <summary>Opens a member's request for a mentor, once per membership, with the programme in force copied into it.</summary>
public sealed class MentorshipStarter(MentorshipStore store, IOptions<MentoringOptions> mentoring, IOptions<CheckInOptions> checkIns, TimeProvider time)
{
    public Programme Programme => new(mentoring.Value.CheckIns, mentoring.Value.Interval, checkIns.Value.Window, checkIns.Value.LocalHour,
        mentoring.Value.OfferTimeout, mentoring.Value.WaitForMentor, mentoring.Value.FeedbackWindow);

    public async Task<string> StartAsync(DurableTaskClient client, string menteeKey, string communityId, CancellationToken cancellationToken = default)
    {
        var id = Mentorship.IdFor(menteeKey, communityId);
        await store.TryAddAsync(new Mentorship { PartitionKey = id, MenteeKey = menteeKey, CommunityId = communityId, CreatedAt = time.GetUtcNow() }, cancellationToken);
        await WorkflowStarts.StartOnceAsync(client, nameof(MentorshipOrchestrator), new MentorshipInput(id, Programme), id, cancellationToken);
        return id;
    }
}
