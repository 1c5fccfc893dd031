namespace ServerlessKomunitas.Abuse;

/// <summary>
/// The minimum fill time of a form a page serves: the page carries a signed stamp of when it was handed out, and a
/// form post that comes back sooner than <see cref="RateLimitOptions.MinimumFillTime"/>, or with a stamp that was
/// altered, is answered with the form again. Posts without a stamp (JSON clients, scripts) are held off by the rate
/// limits instead.
/// </summary>
public sealed class FormTiming(LinkSigner signer, IOptions<RateLimitOptions> options, TimeProvider time)
{
    public const string Field = "formStartedAt";
    static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    public string Stamp() => signer.Sign(new SignedLink("form", LinkPurpose.FormStarted, "page", 0, time.GetUtcNow() + Validity, "form"));

    public void Check(SubmittedBody body, FieldErrors errors)
    {
        if (!body.IsForm || body.Text(Field) is not { Length: > 0 } stamp)
        {
            return;
        }
        var check = signer.Verify(stamp, LinkPurpose.FormStarted);
        if (check.Link is null || check.Problem is LinkProblem.WrongPurpose)
        {
            errors.Add(Field, "invalid", "Formulir ini tidak utuh. Muat ulang halaman, lalu isi lagi.");
        }
        else if (check.Problem != LinkProblem.Expired && time.GetUtcNow() - (check.Link.ExpiresAt - Validity) < options.Value.MinimumFillTime)
        {
            // A form filled in that fast was filled by a program; a person who waits a moment gets through.
            errors.Add(Field, "too-fast", "Formulir terkirim terlalu cepat. Periksa isian Anda, lalu kirim lagi.");
        }
    }
}
