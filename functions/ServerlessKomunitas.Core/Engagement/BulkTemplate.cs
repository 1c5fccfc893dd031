using System.Net;
using ServerlessKomunitas.Members;
using ServerlessKomunitas.Preferences;

namespace ServerlessKomunitas.Engagement;

/// <summary>
/// The engagement jobs' emails, composed once with tags where each person's values go: their name, their preferences
/// link, and lists (events, challenges) that are lines in the text part and HTML-encoded lines in the HTML part. A
/// person's name or list goes into the HTML through a tag of its own (the tag with "H"), filled in encoded.
/// </summary>
public static class BulkTemplate
{
    const string NameTag = "-name-";

    /// <summary>Where a footnote puts the person's preferences link.</summary>
    public const string PreferencesTag = "-preferences-";

    static string HtmlTag(string tag) => tag[..^1] + "H-";

    /// <param name="listTags">The list tags the paragraphs hold; <see cref="Recipient"/> fills them.</param>
    public static BulkEmail Compose(string subject, IEnumerable<string> paragraphs, string footnote, IReadOnlyList<(string Label, string Value)>? details = null,
        params string[] listTags)
    {
        var message = EmailLayout.Compose("-email-", NameTag, subject, paragraphs, details: details, footnote: footnote);
        var html = listTags.Prepend(NameTag).Aggregate(message.Html, (current, tag) => current.Replace(tag, HtmlTag(tag)));
        return new BulkEmail(message.Subject, html, message.Text);
    }

    /// <summary>One person's values: name, preferences link and the lists, plus <paramref name="values"/> that need no encoding (a formatted time).</summary>
    public static BulkRecipient Recipient(Person person, PreferenceLinks links, EmailCategory category, IReadOnlyDictionary<string, IReadOnlyList<string>>? lists = null,
        IReadOnlyDictionary<string, string>? values = null)
    {
        var substitutions = new Dictionary<string, string>(values ?? new Dictionary<string, string>())
        {
            [NameTag] = person.Name,
            [HtmlTag(NameTag)] = WebUtility.HtmlEncode(person.Name),
            [PreferencesTag] = links.Page(person.Key),
        };
        foreach (var (tag, lines) in lists ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            substitutions[tag] = string.Join("\n", lines);
            substitutions[HtmlTag(tag)] = string.Join("<br>", lines.Select(WebUtility.HtmlEncode));
        }
        return new BulkRecipient(person.Email, person.Name, substitutions, links.Headers(person.Key, category));
    }
}
