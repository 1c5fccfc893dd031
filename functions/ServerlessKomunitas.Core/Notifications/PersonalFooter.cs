using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Notifications;

/// <summary>
/// Gives every email to a person the line that leads to their data: a member's, whatever the email is about, leads to
/// their preferences and "Data saya"; a community's or proposal's contact who never joined (the email's recipient is
/// "contact") goes straight to "Data saya". A coordinator, asked in that role, gets the email as it is.
/// </summary>
public sealed class PersonalFooter(PersonStore persons, PreferenceLinks links)
{
    /// <summary>How long a contact's "Data saya" link in an email works (a member's goes through the preferences page).</summary>
    static readonly TimeSpan ContactLinkLifetime = TimeSpan.FromDays(90);

    public async Task<EmailMessage> AddAsync(EmailMessage message, string recipientId, CancellationToken cancellationToken)
    {
        if (Validation.EmailAddress.Normalize(message.ToEmail) is not { } address
            || message.Text.Contains(ApiRoutes.ShowPreferences.Path + "?k=", StringComparison.Ordinal) || message.Text.Contains(ApiRoutes.MyData.Path + "?k=", StringComparison.Ordinal))
        {
            return message;
        }
        var key = Person.KeyOf(address);
        return await persons.FindPersonAsync(key, cancellationToken) switch
        {
            { Status: PersonStatus.Confirmed } => EmailLayout.WithPersonalFooter(message, links.Page(key)),
            null when recipientId == Contact => EmailLayout.WithDataFooter(message, links.MyData(key, ContactLinkLifetime)),
            _ => message,
        };
    }

    /// <summary>The recipient id of every email to a community's or proposal's contact.</summary>
    public const string Contact = "contact";
}
