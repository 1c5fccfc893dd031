using ServerlessKomunitas.Members;

namespace ServerlessKomunitas.Preferences;

/// <summary>
/// The person behind a signed person link in <c>?k=</c> (preferences, unsubscribe, address confirmation, my data),
/// or the page or problem that refuses it: another kind of link, a bad or expired one, or a person who is gone.
/// </summary>
public sealed class PersonLinkResolver(PersonStore persons, LinkSigner links)
{
    /// <param name="standIn">Finds who stands for a key that has no person row (a contact who never joined), where the purpose allows one.</param>
    public async Task<(Person? Person, string Token, IResult? Refusal)> ResolveAsync(HttpRequest request, LinkPurpose purpose, Func<SignedLink, bool>? accepts = null,
        Func<string, CancellationToken, Task<Person?>>? standIn = null)
    {
        var html = !Negotiation.PrefersJson(request);
        var token = request.Query["k"].ToString();
        var check = links.Verify(token, purpose);
        if (check.Link is { } link && (link.SubjectType != PreferenceLinks.SubjectType || (check.IsValid && accepts?.Invoke(link) == false)))
        {
            return (null, token, LinkPages.For(LinkProblem.WrongPurpose, html, "k"));
        }
        if (!check.IsValid)
        {
            return (null, token, LinkPages.For(check.Problem, html, "k"));
        }
        var person = await persons.FindPersonAsync(check.Link!.Subject, request.HttpContext.RequestAborted)
            ?? (standIn is null ? null : await standIn(check.Link.Subject, request.HttpContext.RequestAborted));
        return person is null ? (null, token, LinkPages.UnknownSubject(html, "k")) : (person, token, null);
    }
}
