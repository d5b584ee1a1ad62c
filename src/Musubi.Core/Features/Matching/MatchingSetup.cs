using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Transfers;

namespace Musubi.Core.Features.Matching;

/// <summary>
/// Registers matchmaking: the supplier index cache (singleton), the service (scoped, over the caller's context), and —
/// when the host has not registered them already — the board's index cache and the transfer service with the embedded
/// rule set.
/// </summary>
public static class MatchingSetup
{
    public static IServiceCollection AddMusubiMatching(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SupplierIndexCache>();
        services.TryAddSingleton<BoardIndexCache>();
        services.TryAddSingleton(sp => new TransferService(sp.GetRequiredService<TimeProvider>()));
        services.TryAddScoped<MatchingService>();
        services.TryAddScoped<MatchingEvaluation>();
        return services;
    }
}
