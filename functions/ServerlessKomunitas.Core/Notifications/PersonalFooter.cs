using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Notifications;

/// <summary>
/// Gives every email to a person (a member, whatever the email is about) the line that leads to their preferences
/// and "Data saya"; an address that is no person's (a coordinator, a contact who never joined) gets the email as it is.
/// </summary>
public sealed class PersonalFooter(PersonStore persons, PreferenceLinks links)
{
    public async Task<EmailMessage> AddAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        if (Validation.EmailAddress.Normalize(message.ToEmail) is not { } address
            || await persons.FindPersonAsync(Person.KeyOf(address), cancellationToken) is not { Status: PersonStatus.Confirmed } person
            || message.Text.Contains("/api/preferences?k=", StringComparison.Ordinal))
        {
            return message;
        }
        return EmailLayout.WithPersonalFooter(message, links.Page(person.Key));
    }
}
