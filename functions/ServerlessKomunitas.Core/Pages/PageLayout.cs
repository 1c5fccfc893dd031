namespace ServerlessKomunitas.Pages;

/// <summary>
/// The frame of every page: Bahasa Indonesia, no script, one self-hosted stylesheet, and headers that
/// forbid inline script and keep tokens in URLs out of Referer headers.
/// </summary>
/// <remarks>
/// Forgery: no page sets or reads a cookie, so a forged cross-site POST carries no authority. Every POST
/// that changes a record is authorized by the signed token in its own URL (confirmations, decisions);
/// the anonymous registration form is protected by rate limits and a honeypot instead (RegistrationIntake).
/// </remarks>
public static class PageLayout
{
    public static readonly string StylesheetPath = ApiRoutes.Stylesheet.Path;

    public const string ContentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    public static IResult Render(string title, string body, int status = StatusCodes.Status200OK) =>
        new PageResult(Document(title, body), status);

    public static string Document(string title, string body) => $"""
        <!doctype html>
        <html lang="id">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="color-scheme" content="light">
        <title>{Html.Encode(title)} · Komunitas Kreatif</title>
        <link rel="stylesheet" href="{StylesheetPath}">
        </head>
        <body>
        <a class="skip" href="#isi">Langsung ke isi</a>
        <header class="site"><a href="{ApiRoutes.Home.Path}">Jaringan Komunitas Kreatif</a>
        <nav aria-label="Utama"><a href="{ApiRoutes.Home.Path}">Beranda</a> <a href="{ApiRoutes.RegistrationForm.Path}">Daftar</a> <a href="{ApiRoutes.MemberForm.Path}">Gabung</a> <a href="{ApiRoutes.ProposalForm.Path}">Usulkan kegiatan</a> <a href="{ApiRoutes.ListEvents.Path}">Kalender</a> <a href="{ApiRoutes.Directory.Path}">Direktori</a> <a href="{ApiRoutes.MapArea.PathFor("ID")}">Peta</a></nav></header>
        <main id="isi">
        {body}
        </main>
        <footer class="site"><p>Data Anda diproses sesuai UU No. 27 Tahun 2022 tentang Pelindungan Data Pribadi.</p></footer>
        </body>
        </html>
        """;

    public static void ApplySecurityHeaders(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        // Links in emails carry tokens in their path; no page may leak its URL to another site.
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-store";
    }

    sealed class PageResult(string html, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            ApplySecurityHeaders(response);
            await response.WriteAsync(html, Encoding.UTF8);
        }
    }
}
