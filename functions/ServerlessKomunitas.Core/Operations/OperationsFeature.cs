namespace ServerlessKomunitas.Operations;

public static class OperationsFeature
{
    /// <summary>The operator routes (function key in Azure, admin key on Local): approval policies and coordinators.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddSingleton<OperatorEndpoints>();
}
