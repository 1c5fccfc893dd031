using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ServerlessKomunitas.Links;

namespace ServerlessKomunitas.Tests.Links;

public class LinkSignerTests
{
    static readonly string KeyA = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    static readonly string KeyB = Convert.ToBase64String(Enumerable.Range(101, 32).Select(i => (byte)i).ToArray());
    readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));

    LinkSigner Signer(string active, params (string Id, string Key)[] keys) => new(Options.Create(new LinkSigningOptions
    {
        ActiveKeyId = active,
        Keys = keys.ToDictionary(k => k.Id, k => k.Key),
    }), time);

    SignedLink Link(TimeSpan validFor) => new("2n4vydgtxdw4p1dw2hpbv2qdv9", LinkPurpose.Decide, "province-35", 1, time.GetUtcNow() + validFor);

    [Fact]
    public void A_signed_link_verifies_with_its_claims()
    {
        var signer = Signer("a", ("a", KeyA));
        var link = Link(TimeSpan.FromDays(7));

        var check = signer.Verify(signer.Sign(link), LinkPurpose.Decide);

        Assert.True(check.IsValid);
        Assert.Equal(link with { ExpiresAt = DateTimeOffset.FromUnixTimeSeconds(link.ExpiresAt.ToUnixTimeSeconds()) }, check.Link);
    }

    [Fact]
    public void A_link_carries_no_personal_data_only_ids()
    {
        var token = Signer("a", ("a", KeyA)).Sign(Link(TimeSpan.FromDays(1)));
        var payload = System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[0]));

        Assert.DoesNotContain("@", payload);
        Assert.Contains("province-35", payload);
    }

    [Fact]
    public void A_tampered_link_is_refused()
    {
        var signer = Signer("a", ("a", KeyA));
        var token = signer.Sign(Link(TimeSpan.FromDays(1)));
        var other = signer.Sign(Link(TimeSpan.FromDays(1)) with { Actor = "national-ID" });
        var forged = other.Split('.')[0] + "." + token.Split('.')[1];

        Assert.Equal(LinkProblem.BadSignature, signer.Verify(forged, LinkPurpose.Decide).Problem);
        Assert.Equal(LinkProblem.BadSignature, signer.Verify(token[..^2] + (token[^2] == 'A' ? "BB" : "AA"), LinkPurpose.Decide).Problem);
    }

    [Theory]
    [InlineData("")]
    [InlineData("tidak-ada-titik")]
    [InlineData("a.b.c")]
    [InlineData("!!!.###")]
    [InlineData("e30.AAAA")]
    public void A_malformed_link_is_refused(string token) =>
        Assert.Equal(LinkProblem.Malformed, Signer("a", ("a", KeyA)).Verify(token, LinkPurpose.Decide).Problem);

    [Fact]
    public void A_link_expires_at_its_time()
    {
        var signer = Signer("a", ("a", KeyA));
        var token = signer.Sign(Link(TimeSpan.FromHours(1)));

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(signer.Verify(token, LinkPurpose.Decide).IsValid);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(LinkProblem.Expired, signer.Verify(token, LinkPurpose.Decide).Problem);
    }

    [Fact]
    public void A_link_for_one_purpose_does_not_serve_another() =>
        Assert.Equal(LinkProblem.WrongPurpose,
            Signer("a", ("a", KeyA)).Verify(Signer("a", ("a", KeyA)).Sign(Link(TimeSpan.FromDays(1))), LinkPurpose.Confirm).Problem);

    [Fact]
    public void Keys_rotate_old_links_verify_while_their_key_is_listed_and_stop_when_it_is_removed()
    {
        var old = Signer("a", ("a", KeyA)).Sign(Link(TimeSpan.FromDays(1)));

        var rotated = Signer("b", ("a", KeyA), ("b", KeyB));
        Assert.True(rotated.Verify(old, LinkPurpose.Decide).IsValid);
        Assert.True(rotated.Verify(rotated.Sign(Link(TimeSpan.FromDays(1))), LinkPurpose.Decide).IsValid);

        Assert.Equal(LinkProblem.UnknownKey, Signer("b", ("b", KeyB)).Verify(old, LinkPurpose.Decide).Problem);
    }

    [Fact]
    public void Options_refuse_a_missing_active_key_or_a_short_key()
    {
        Assert.False(new LinkSigningOptions { ActiveKeyId = "x", Keys = { ["a"] = KeyA } }.IsValid(out _));
        Assert.False(new LinkSigningOptions { ActiveKeyId = "a", Keys = { ["a"] = Convert.ToBase64String(new byte[16]) } }.IsValid(out _));
        Assert.False(new LinkSigningOptions { ActiveKeyId = "a", Keys = { ["a"] = "bukan base64" } }.IsValid(out _));
        Assert.True(new LinkSigningOptions { ActiveKeyId = "a", Keys = { ["a"] = KeyA } }.IsValid(out _));
    }
}
