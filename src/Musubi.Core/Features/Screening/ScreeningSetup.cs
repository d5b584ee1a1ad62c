using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>Registers screening: the Japanese reader (MeCab when it loads), the name analyzer, the index cache and the batch jobs (singletons), and the service (scoped).</summary>
public static class ScreeningSetup
{
    public static IServiceCollection AddMusubiScreening(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IJapaneseReader>(_ => MecabReader.Open());
        services.TryAddSingleton(sp => new NameAnalyzer(sp.GetService<IJapaneseReader>()));
        services.TryAddSingleton<ScreeningIndexCache>();
        services.TryAddSingleton<ScreeningJobs>();
        services.TryAddScoped<ScreeningService>();
        return services;
    }
}
