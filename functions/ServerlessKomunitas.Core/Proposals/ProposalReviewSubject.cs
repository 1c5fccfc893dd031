using ServerlessKomunitas.Approvals;
using ServerlessKomunitas.Calendar;

namespace ServerlessKomunitas.Proposals;

/// <summary>An event proposal as the approval engine sees it: rounds, and approvers may ask for changes.</summary>
public sealed class ProposalReviewSubject(KomunitasTables tables, ProposalLinks links, IOptions<ProposalOptions> options, TimeProvider time,
    IRecordChangeObserver? changes = null) : IReviewSubject
{
    public string Type => ProposalLinks.SubjectType;

    public TableClient Table => tables.Client(ProposalStore.TableName);

    public Task ChangedAsync(string id, CancellationToken cancellationToken = default) =>
        changes?.RecordChangedAsync(ProposalStore.TableName, id, cancellationToken) ?? Task.CompletedTask;

    public string RowKey => Proposal.Row;

    public bool AllowsChanges => true;

    public bool InReview(TableEntity row, int round) =>
        row.GetString(nameof(Proposal.StatusName)) == nameof(ProposalStatus.InReview) && row.GetInt32(nameof(Proposal.ApprovalRound)) == round;

    public string StatusName(TableEntity row) => row.GetString(nameof(Proposal.StatusName));

    public void StartRound(TableEntity row, int round, DateTimeOffset at, DateTimeOffset deadline)
    {
        row[nameof(Proposal.ReviewStartedAt)] = at;
        row[nameof(Proposal.ApprovalRequestedAt)] = at;
        row[nameof(Proposal.ApprovalDeadline)] = deadline;
    }

    public bool Conclude(TableEntity row, int round, ApprovalOutcome outcome, string? decidedBy, string? comment, DateTimeOffset at)
    {
        if (!InReview(row, round))
        {
            return false;
        }
        row[nameof(Proposal.StatusName)] = (outcome switch
        {
            ApprovalOutcome.Approved => ProposalStatus.Approved,
            ApprovalOutcome.ChangesRequested => ProposalStatus.ChangesRequested,
            _ => ProposalStatus.Rejected,
        }).ToString();
        row[nameof(Proposal.DecidedAt)] = at;
        row[nameof(Proposal.DecidedBy)] = decidedBy;
        row[nameof(Proposal.DecisionComment)] = comment;
        row[nameof(Proposal.ReviewOutcome)] = outcome.ToString();
        return true;
    }

    public bool Expire(TableEntity row, int round, DateTimeOffset at)
    {
        if (!InReview(row, round))
        {
            return false;
        }
        row[nameof(Proposal.StatusName)] = nameof(ProposalStatus.Expired);
        row[nameof(Proposal.ExpiredAt)] = at;
        row[nameof(Proposal.ReviewOutcome)] = "Expired";
        return true;
    }

    public ReviewSummary Summarize(TableEntity row, Regency? regency)
    {
        var p = EntityConversion.To<Proposal>(row);
        return new ReviewSummary(p.Title, "Usulan kegiatan", p.RegencyCode, p.ProvinceCode, p.ContactName, p.ContactEmail,
            ProposalEmails.Details(p, regency?.Name ?? p.RegencyCode), ProposalEndpoints.StatusUrl(p.Id))
        {
            RegencyName = regency?.Name ?? p.RegencyCode,
            Brief = $"{EventKinds.Names.GetValueOrDefault(p.Kind, p.Kind)} oleh {p.CommunityName} · {ProposalEmails.When(p)}",
        };
    }

    public EmailMessage OutcomeEmail(TableEntity row, ReviewSummary summary, ApprovalOutcome? outcome, string statusLink, string? comments)
    {
        var p = EntityConversion.To<Proposal>(row);
        return outcome switch
        {
            ApprovalOutcome.Approved => ProposalEmails.Approved(p, comments, links.ConfirmEvent(p, p.StartUtc), links.Withdraw(p), ConfirmEventBy(p))
                with { Attachments = [EventIcs.Attachment(CalendarEntry.From(p, summary.RegencyName), IcsStatus.Tentative, p.DecidedAt ?? time.GetUtcNow())] },
            ApprovalOutcome.ChangesRequested => ProposalEmails.ChangesRequested(p, comments,
                links.Edit(p, p.ApprovalRound, time.GetUtcNow() + options.Value.EditWindow), links.Withdraw(p), statusLink),
            null => ProposalEmails.Expired(p, "koordinator belum memberi keputusan sampai batas waktu.", statusLink),
            _ => ProposalEmails.Rejected(p, comments, statusLink),
        };
    }

    /// <summary>An approved event must be confirmed this long before it starts.</summary>
    public DateTimeOffset ConfirmEventBy(Proposal p) => p.StartUtc - options.Value.ConfirmEventBeforeStart;
}
