using Microsoft.Extensions.DependencyInjection;

namespace ServerlessKomunitas.Links;

public static class LinksFeature
{
    /// <summary>Signed links: HMAC keys by key id, so that keys can rotate.</summary>
    public static IServiceCollection AddSignedLinks(this IServiceCollection services)
    {
        services.AddOptions<LinkSigningOptions>().BindConfiguration(LinkSigningOptions.Section)
            .Validate(o => o.IsValid(out _), "Links:ActiveKeyId must name one of Links:Keys, each base64 of at least 32 bytes.")
            .ValidateOnStart();
        return services.AddSingleton<LinkSigner>();
    }
}
