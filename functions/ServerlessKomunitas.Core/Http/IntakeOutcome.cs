namespace ServerlessKomunitas.Http;

/// <summary>
/// What taking a valid submission in did: <see cref="Accepted"/> (new, or a duplicate of one already taken, which
/// answers the same), or <see cref="RateLimited"/> with the field the limit is about. Registrations, proposals and
/// member sign-ups answer it the same way.
/// </summary>
public abstract record IntakeOutcome<T>
{
    public sealed record Accepted(T Record, bool IsDuplicate) : IntakeOutcome<T>;

    public sealed record RateLimited(string Field, string Message, TimeSpan RetryAfter) : IntakeOutcome<T>;

    /// <summary>
    /// A browser is shown the form again with the limit's message (429), or the page an accepted record leads to; a client
    /// gets a 429 problem naming the field, or the feature's receipt.
    /// </summary>
    /// <param name="formAgain">The form with these errors, under this status.</param>
    public async Task<IResult> AnswerAsync(bool browser, Func<FieldErrors, int, Task<IResult>> formAgain, Func<T, IResult> page, Func<T, bool, IResult> receipt) =>
        this switch
        {
            RateLimited limited when browser => await formAgain(new FieldErrors().Add(limited.Field, "rate-limited", limited.Message), StatusCodes.Status429TooManyRequests),
            RateLimited limited => Problems.TooManyRequests(limited.Field, limited.Message, limited.RetryAfter),
            Accepted accepted when browser => page(accepted.Record),
            Accepted accepted => receipt(accepted.Record, accepted.IsDuplicate),
            _ => throw new InvalidOperationException($"Unknown intake outcome {this}."),
        };
}
