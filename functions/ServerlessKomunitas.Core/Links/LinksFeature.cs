namespace ServerlessKomunitas.Links;

public static class LinksFeature
{
    /// <summary>Signed links: HMAC keys by key id, so that keys can rotate.</summary>
    public static IServiceCollection AddSignedLinks(this IServiceCollection services)
    {
        services.AddSettings<LinkSigningOptions>(LinkSigningOptions.Section,
            o => o.IsValid(out _), "Links:ActiveKeyId must name one of Links:Keys, each base64 of at least 32 bytes.");
        return services.AddSingleton<LinkSigner>();
    }
}
