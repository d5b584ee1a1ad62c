using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Musubi.Core.Features.Board;

/// <summary>Options of the board: how often the host's background job sweeps subscriptions and writes digests.</summary>
public sealed record BoardOptions
{
    /// <summary>Time between two notification runs (sweep + digest) of the hosted job; default 15 minutes.</summary>
    public TimeSpan NotifyInterval { get; init; } = TimeSpan.FromMinutes(15);
}

/// <summary>Registers the board: its options, the index cache (singleton) and the service (scoped).</summary>
public static class BoardSetup
{
    public static IServiceCollection AddMusubiBoard(this IServiceCollection services, BoardOptions? options = null)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options ?? new BoardOptions());
        services.TryAddSingleton<BoardIndexCache>();
        services.TryAddScoped<BoardService>();
        return services;
    }
}
