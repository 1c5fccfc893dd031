using ServerlessKomunitas.Members;
using ServerlessKomunitas.Privacy;

namespace ServerlessKomunitas.Mentoring;

public sealed record ExportedCheckIn(int Number, bool Missed, int? Rating, string? Notes, string? Blockers, DateTimeOffset? SubmittedAt);

public sealed record ExportedFeedback(int Rating, string? Comment, DateTimeOffset SubmittedAt);

public sealed record ExportedMentorship(string Id, string Role, string Status, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, IReadOnlyList<ExportedCheckIn> CheckIns,
    ExportedFeedback? Feedback);

/// <summary>
/// Mentoring holds both sides of each mentorship: the mentor index and waitlist, the match, each side's check-ins and
/// feedback. Withdrawal takes the person out of the index and ends their mentorships (the workflow tells the other
/// side). Erasure removes only their side: the mentee's mentorship moves to a new id under the pseudonym with its
/// workflow purged, while the mentor's side of someone else's mentorship is pseudonymized in place.
/// </summary>
public sealed class MentorshipPersonalData(MentorshipStore mentorships, MentorDirectory mentors, PersonStore persons, MentorshipLinks links,
    EmailLedger ledger, AuditLog audit, TimeProvider time) : IPersonalDataHolder
{
    /// <summary>What the other side of a mentorship reads as the reason it ended.</summary>
    public const string WithdrawnEndReason = "Peserta menarik persetujuan pemrosesan data pribadinya.";

    public async Task ExportAsync(Person person, PersonalDataSections export, CancellationToken cancellationToken)
    {
        var mentoring = new List<ExportedMentorship>();
        foreach (var m in await mentorships.OfPersonAsync(person.Key, cancellationToken))
        {
            var role = m.MenteeKey == person.Key ? MentorshipRoles.Mentee : MentorshipRoles.Mentor;
            var checkIns = (await mentorships.CheckInsAsync(m.Id, cancellationToken)).Where(c => c.Role == role)
                .Select(c => new ExportedCheckIn(c.Number, c.Missed, c.Rating, c.Notes, c.Blockers, c.SubmittedAt)).ToList();
            var feedback = (await mentorships.FeedbackAsync(m.Id, cancellationToken)).Where(f => f.Role == role)
                .Select(f => new ExportedFeedback(f.Rating, f.Comment, f.SubmittedAt)).FirstOrDefault();
            mentoring.Add(new ExportedMentorship(m.Id, role, m.StatusName, m.CreatedAt, m.StartedAt, checkIns, feedback));
        }
        export.Add("mentorships", mentoring);
    }

    /// <summary>As a mentee or a mentor in a programme, it ends (the workflow tells the other side); an open offer to them is declined.</summary>
    public async Task<IReadOnlyList<ContactedRecord>> WithdrawAsync(WithdrawalRun run, CancellationToken cancellationToken)
    {
        var person = run.Person;
        await mentors.RemoveAsync(person, cancellationToken);
        foreach (var m in await mentorships.OfPersonAsync(person.Key, cancellationToken))
        {
            var role = m.MenteeKey == person.Key ? MentorshipRoles.Mentee : MentorshipRoles.Mentor;
            if (role == MentorshipRoles.Mentor && m.Status is MentorshipStatus.Offered or MentorshipStatus.Matching or MentorshipStatus.Waiting)
            {
                var (offered, _) = await mentorships.TransitionAsync(m, r => MentorshipTransitions.AnswerOffer(r, r.OfferRound, person.Key, "decline"), cancellationToken);
                if (offered is { Status: MentorshipStatus.Offered, OfferAnswer: "decline" } && offered.MentorKey == person.Key)
                {
                    await run.TellWorkflowAsync(m.Id, client => client.RaiseAsync(m.Id, MentorAnswered.EventFor(offered.OfferRound), new MentorAnswered(false), cancellationToken));
                }
                continue;
            }
            var (row, _) = await mentorships.TransitionAsync(m, r => MentorshipTransitions.EndEarly(r, role, WithdrawnEndReason, run.At), cancellationToken);
            if (row is { Status: MentorshipStatus.Ended, EndReason: WithdrawnEndReason })
            {
                await run.TellWorkflowAsync(m.Id, client => client.RaiseAsync(m.Id, MentorshipEnded.Event, new MentorshipEnded(), cancellationToken));
            }
        }
        return [];
    }

    public async Task<bool> EraseAsync(ErasureRun run, CancellationToken cancellationToken)
    {
        var key = run.PersonKey;
        var theirs = await mentorships.OfPersonAsync(key, cancellationToken);
        var asMentee = theirs.Where(m => m.MenteeKey == key).ToList();
        foreach (var m in asMentee)
        {
            if (!await run.PurgeAsync(m.Id, cancellationToken))
            {
                return false;
            }
        }
        // A check-in of an ended mentorship may still wait for its window: it concerns nobody now. Only once the parent
        // has finished: a parent that sees a child terminated fails in the worker's tracing and never completes.
        foreach (var child in asMentee.SelectMany(m => Enumerable.Range(1, m.CheckInsPlanned)
                     .SelectMany(n => MentorshipRoles.Both.Select(role => CheckInOrchestrator.InstanceIdOf(m.Id, n, role)))))
        {
            await run.TerminateAsync(child, cancellationToken);
            if (!await run.PurgeAsync(child, cancellationToken))
            {
                return false;
            }
        }

        foreach (var m in theirs)
        {
            run.Count("Mentorships", 1);
            if (m.MenteeKey == key)
            {
                await EraseMenteeAsync(run, m, cancellationToken);
            }
            else
            {
                run.Count("MentorshipRows", await mentorships.EraseSideAsync(m.Id, MentorshipRoles.Mentor, cancellationToken));
                await mentorships.TransitionAsync(m.Id, r =>
                {
                    r.MentorKey = run.Pseudonym;
                    r.Excluded = string.Join(',', r.ExcludedKeys.Select(k => k == key ? run.Pseudonym : k));
                    return true;
                }, cancellationToken);
                run.Count("Audit", await audit.PseudonymizeAsync(m.Id, key, run.Pseudonym, cancellationToken: cancellationToken));
            }
        }
        return true;
    }

    /// <summary>The mentorship moves to a new id, so that its old id (in the mentor's emails and the audit) no longer leads to the mentee.</summary>
    async Task EraseMenteeAsync(ErasureRun run, Mentorship m, CancellationToken cancellationToken)
    {
        run.Count("MentorshipRows", await mentorships.EraseSideAsync(m.Id, MentorshipRoles.Mentee, cancellationToken));
        var newId = RecordId.FromSeed($"erased\n{run.Request.LogId}\n{m.Id}");
        await mentorships.RelocateAsync(m.Id, newId, row =>
        {
            if (row.RowKey == Mentorship.Row)
            {
                row[nameof(Mentorship.MenteeKey)] = run.Pseudonym;
            }
            return row;
        }, cancellationToken);
        run.Count("Audit", await audit.PseudonymizeAsync(m.Id, run.PersonKey, run.Pseudonym, newId, cancellationToken));
        await ledger.MoveInstanceAsync(m.Id, newId, run.Request.Name, ErasureRun.Erased, cancellationToken);
        // The mentor's emailed links named the old id: they get one to their history at the new one.
        if (m.MentorKey is { Length: > 0 } mentorKey && await persons.FindPersonAsync(mentorKey, cancellationToken) is { } mentor)
        {
            await ledger.SendOnceAsync(new LedgerKey(newId, "history-kept", 0, MentorshipRoles.Mentor),
                MentorshipEmails.HistoryKept(mentor, links.Status(newId, MentorshipRoles.Mentor, time.GetUtcNow())), cancellationToken);
        }
    }
}
