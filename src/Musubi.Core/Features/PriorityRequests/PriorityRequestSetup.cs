using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Musubi.Core.Features.PriorityRequests;

/// <summary>Registers the priority-request workflow: its options (defaults unless the host registered its own) and the service, scoped.</summary>
public static class PriorityRequestSetup
{
    public static IServiceCollection AddMusubiPriorityRequests(this IServiceCollection services, PriorityRequestOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options ?? new PriorityRequestOptions());
        services.TryAddScoped<PriorityRequestService>();
        return services;
    }
}
