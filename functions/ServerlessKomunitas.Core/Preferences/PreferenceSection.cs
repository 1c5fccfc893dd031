using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Preferences;

/// <summary>
/// A module's part of the preferences page, after the email switches (WhatsApp is the first): the module keeps its own
/// settings and its own form, which posts to its own route with the same signed link.
/// </summary>
public interface IPreferenceSection
{
    /// <param name="token">The preferences link's token, for the section's form.</param>
    Task<string> RenderAsync(Person person, string token, CancellationToken cancellationToken);
}
