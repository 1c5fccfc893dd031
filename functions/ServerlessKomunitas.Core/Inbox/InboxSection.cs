using ServerlessKomunitas.Coordinators;

namespace ServerlessKomunitas.Inbox;

/// <summary>
/// A module's part of a coordinator's inbox page, after the requests (WhatsApp is the first): the module keeps its own
/// settings and its own form, which posts to its own route with the same signed inbox link.
/// </summary>
public interface IInboxSection
{
    /// <param name="token">The inbox link's token, for the section's form.</param>
    Task<string> RenderAsync(Coordinator coordinator, string token, CancellationToken cancellationToken);
}
