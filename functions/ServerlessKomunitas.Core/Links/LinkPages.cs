namespace ServerlessKomunitas.Links;

/// <summary>What a person (or a client) sees when a link cannot be used: each problem its own page and status.</summary>
public static class LinkPages
{
    /// <summary>The page (or problem naming <paramref name="field"/>, where the link was given) for a link that does not work.</summary>
    /// <param name="nextStep">For a page: a paragraph (HTML) that says where to get a working link, for a link that was good once.</param>
    public static IResult For(LinkProblem problem, bool html, string field = "token", string? nextStep = null) => problem switch
    {
        LinkProblem.Expired => Answer(html, field, StatusCodes.Status410Gone, "link-expired", "The link has expired.",
            "Tautan sudah kedaluwarsa", "Tautan ini sudah melewati batas waktunya dan tidak dapat dipakai lagi.", nextStep),
        LinkProblem.UnknownKey => Answer(html, field, StatusCodes.Status404NotFound, "link-unknown", "The link is not known.",
            "Tautan tidak dikenal", "Tautan ini tidak kami kenali. Mungkin tautan lama yang sudah diganti. Gunakan tautan di email terbaru Anda.", nextStep),
        _ => Answer(html, field, StatusCodes.Status400BadRequest, "link-invalid", "The link is invalid or was altered.",
            "Tautan tidak valid", "Tautan ini rusak atau telah diubah. Salin tautan lengkap dari email Anda, atau buka langsung dari email."),
    };

    public static IResult UnknownSubject(bool html, string field = "token") => Answer(html, field, StatusCodes.Status404NotFound, "link-unknown", "The link's record does not exist.",
        "Tautan tidak dikenal", "Data yang dituju tautan ini tidak ditemukan. Mungkin sudah dihapus.");

    public static IResult Superseded(bool html, string field = "token", string? nextStep = null) => Answer(html, field, StatusCodes.Status403Forbidden, "link-superseded",
        "The link was replaced by a newer one.", "Tautan tidak berlaku lagi", "Permintaan ini sudah diteruskan atau diganti. Gunakan tautan di email terbaru Anda.", nextStep);

    static IResult Answer(bool html, string field, int status, string type, string title, string heading, string message, string? nextStep = null) => html
        ? PageLayout.Render(heading, $"""<h1>{Html.Encode(heading)}</h1><div class="notice warn"><p>{Html.Encode(message)}</p></div>{nextStep}""", status)
        : Problems.OfField(status, type, title, message, field);
}
