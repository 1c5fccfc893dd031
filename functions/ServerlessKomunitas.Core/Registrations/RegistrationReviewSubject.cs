using ServerlessKomunitas.Approvals;

namespace ServerlessKomunitas.Registrations;

/// <summary>A community registration as the approval engine sees it: one round, approve or reject.</summary>
public sealed class RegistrationReviewSubject(KomunitasTables tables, IOptions<SiteOptions> site, Listings.DirectoryLinks directoryLinks, IRecordChangeObserver? changes = null)
    : IReviewSubject
{
    public const string Name = "registration";

    public string Type => Name;

    public TableClient Table => tables.Client(RegistrationStore.TableName);

    public Task ChangedAsync(string id, CancellationToken cancellationToken = default) =>
        changes?.RecordChangedAsync(RegistrationStore.TableName, id, cancellationToken) ?? Task.CompletedTask;

    public string RowKey => Registration.Row;

    public bool AllowsChanges => false;

    public bool InReview(TableEntity row, int round) =>
        round == 1 && row.GetString(nameof(Registration.StatusName)) == nameof(RegistrationStatus.PendingApproval);

    public string StatusName(TableEntity row) => row.GetString(nameof(Registration.StatusName));

    public void StartRound(TableEntity row, int round, DateTimeOffset at, DateTimeOffset deadline)
    {
        row[nameof(Registration.ApprovalRound)] = round;
        row[nameof(Registration.ReviewStartedAt)] = at;
        row[nameof(Registration.ApprovalRequestedAt)] = at;
        row[nameof(Registration.ApprovalDeadline)] = deadline;
    }

    public bool Conclude(TableEntity row, int round, ApprovalOutcome outcome, string? decidedBy, string? comment, DateTimeOffset at)
    {
        if (!InReview(row, round))
        {
            return false;
        }
        row[nameof(Registration.StatusName)] = (outcome == ApprovalOutcome.Approved ? RegistrationStatus.Approved : RegistrationStatus.Rejected).ToString();
        row[nameof(Registration.DecidedAt)] = at;
        row[nameof(Registration.DecidedBy)] = decidedBy;
        row[nameof(Registration.DecisionComment)] = comment;
        row[nameof(Registration.ReviewOutcome)] = outcome.ToString();
        return true;
    }

    public bool Expire(TableEntity row, int round, DateTimeOffset at)
    {
        if (!InReview(row, round))
        {
            return false;
        }
        row[nameof(Registration.StatusName)] = nameof(RegistrationStatus.Expired);
        row[nameof(Registration.ExpiredAt)] = at;
        row[nameof(Registration.ReviewOutcome)] = "Expired";
        return true;
    }

    public ReviewSummary Summarize(TableEntity row, Regency? regency)
    {
        var registration = FromRow(row);
        return new ReviewSummary(registration.Name, "Pendaftaran komunitas", registration.RegencyCode, registration.ProvinceCode,
            registration.ContactName, registration.Email, RegistrationEmails.Details(registration, regency?.Name ?? registration.RegencyCode),
            RegistrationEndpoints.StatusUrl(registration.Id))
        {
            RegencyName = regency?.Name ?? registration.RegencyCode,
            Brief = "Subsektor: " + string.Join(", ", registration.Subsectors.Select(s => Subsectors.Names.GetValueOrDefault(s, s))),
        };
    }

    public EmailMessage OutcomeEmail(TableEntity row, ReviewSummary summary, ApprovalOutcome? outcome, string statusLink, string? comments)
    {
        var registration = FromRow(row);
        return outcome switch
        {
            ApprovalOutcome.Approved => RegistrationEmails.Approved(registration, statusLink, site.Value.Link(RegistrationEmails.ProposalFormPath(registration)),
                directoryLinks.Listing(registration.Id)),
            null => RegistrationEmails.Expired(registration, site.Value.Link(ApiRoutes.RegistrationForm.Path)),
            _ => RegistrationEmails.Rejected(registration, statusLink),
        };
    }

    /// <summary>The typed registration for a row read generically.</summary>
    public static Registration FromRow(TableEntity row) => EntityConversion.To<Registration>(row);
}
