namespace ServerlessKomunitas.Registrations;

/// <summary>
/// Every change of a registration's status outside its review, in one place, for the endpoints and the workflow's
/// activities alike; each answers whether it changed the row (see <see cref="Proposals.ProposalTransitions"/>). The
/// review's own steps are the approval engine's, in <see cref="RegistrationReviewSubject"/>.
/// </summary>
public static class RegistrationTransitions
{
    /// <summary>The contact confirms the address: the registration waits for its approvers.</summary>
    public static bool ConfirmAddress(Registration r, DateTimeOffset now)
    {
        if (r.Status != RegistrationStatus.AwaitingConfirmation)
        {
            return false;
        }
        r.Status = RegistrationStatus.PendingApproval;
        r.ConfirmedAt = now;
        return true;
    }

    /// <summary>The confirmation window closed with the address unconfirmed.</summary>
    public static bool ExpireUnconfirmed(Registration r, DateTimeOffset now)
    {
        if (r.Status != RegistrationStatus.AwaitingConfirmation)
        {
            return false;
        }
        r.Status = RegistrationStatus.Expired;
        r.ExpiredAt = now;
        return true;
    }
}
