using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Preferences;

/// <summary>
/// Who gets what. Transactional email goes to every confirmed address that is not suppressed, whatever the
/// preferences; a category email only to confirmed, non-suppressed people who have not switched the category off.
/// </summary>
public sealed class Audience(Suppressions suppressions)
{
    public async Task<bool> GetsTransactionalAsync(Person person, CancellationToken cancellationToken = default) =>
        person.Status == PersonStatus.Confirmed && !await suppressions.IsSuppressedAsync(person.Email, cancellationToken);

    public async Task<bool> GetsAsync(Person person, EmailCategory category, CancellationToken cancellationToken = default) =>
        person.Wants(category) && await GetsTransactionalAsync(person, cancellationToken);
}
