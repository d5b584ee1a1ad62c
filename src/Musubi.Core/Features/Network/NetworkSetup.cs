using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Musubi.Core.Features.Network;

/// <summary>Registers the supply-network analyses: the service, scoped (it loads the caller's network once per request).</summary>
public static class NetworkSetup
{
    public static IServiceCollection AddMusubiNetwork(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<NetworkService>();
        return services;
    }
}
