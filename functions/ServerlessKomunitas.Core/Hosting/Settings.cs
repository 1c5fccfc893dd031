namespace ServerlessKomunitas.Hosting;

public static class Settings
{
    /// <summary>
    /// Binds a feature's options to their configuration section and checks them when the host starts, so that a wrong
    /// setting stops the start with <paramref name="failure"/> instead of failing the first request that reads it.
    /// </summary>
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, string section, Func<T, bool> isValid, string failure) where T : class
    {
        services.AddOptions<T>().BindConfiguration(section).Validate(isValid, failure).ValidateOnStart();
        return services;
    }
}
