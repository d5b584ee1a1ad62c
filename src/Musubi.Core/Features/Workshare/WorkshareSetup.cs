using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Musubi.Core.Features.Workshare;

/// <summary>Registers the workshare allocator: the service, scoped (over the caller's <see cref="Data.AppDbContext"/>).</summary>
public static class WorkshareSetup
{
    public static IServiceCollection AddMusubiWorkshare(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddScoped<WorkshareService>();
        return services;
    }
}
