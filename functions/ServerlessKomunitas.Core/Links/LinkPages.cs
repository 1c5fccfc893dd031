namespace ServerlessKomunitas.Links;

/// <summary>What a person (or a client) sees when a link cannot be used: each problem its own page and status.</summary>
public static class LinkPages
{
    /// <summary>The page (or problem naming <paramref name="field"/>, where the link was given) for a link that does not work.</summary>
    public static IResult For(LinkProblem problem, bool html, string field = "token") => problem switch
    {
        LinkProblem.Expired => Answer(html, field, StatusCodes.Status410Gone, "link-expired", "The link has expired.",
            "Tautan sudah kedaluwarsa", "Tautan ini sudah melewati batas waktunya dan tidak dapat dipakai lagi."),
        LinkProblem.UnknownKey => Answer(html, field, StatusCodes.Status404NotFound, "link-unknown", "The link is not known.",
            "Tautan tidak dikenal", "Tautan ini tidak kami kenali. Mungkin tautan lama yang sudah diganti. Gunakan tautan di email terbaru Anda."),
        _ => Answer(html, field, StatusCodes.Status400BadRequest, "link-invalid", "The link is invalid or was altered.",
            "Tautan tidak valid", "Tautan ini rusak atau telah diubah. Salin tautan lengkap dari email Anda, atau buka langsung dari email."),
    };

    public static IResult UnknownSubject(bool html, string field = "token") => Answer(html, field, StatusCodes.Status404NotFound, "link-unknown", "The link's record does not exist.",
        "Tautan tidak dikenal", "Data yang dituju tautan ini tidak ditemukan. Mungkin sudah dihapus.");

    public static IResult Superseded(bool html, string field = "token") => Answer(html, field, StatusCodes.Status403Forbidden, "link-superseded", "The link was replaced by a newer one.",
        "Tautan tidak berlaku lagi", "Permintaan ini sudah diteruskan atau diganti. Gunakan tautan di email terbaru Anda.");

    static IResult Answer(bool html, string field, int status, string type, string title, string heading, string message) => html
        ? PageLayout.Render(heading, $"""<h1>{Html.Encode(heading)}</h1><div class="notice warn"><p>{Html.Encode(message)}</p></div>""", status)
        : Problems.OfField(status, type, title, message, field);
}
