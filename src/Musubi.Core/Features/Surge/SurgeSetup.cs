using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Musubi.Core.Features.Surge;

/// <summary>Registers the surge planner: the service, scoped (it loads the caller's network once per request).</summary>
public static class SurgeSetup
{
    public static IServiceCollection AddMusubiSurge(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<SurgeService>();
        return services;
    }
}
