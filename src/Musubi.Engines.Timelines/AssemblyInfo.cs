// The Timelines engine: pure, no EF, no HTTP, no clock.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Musubi.Engines.Tests")]
[assembly: InternalsVisibleTo("Musubi.Benchmarks")]

namespace Musubi.Engines.Timelines;

/// <summary>Marks the Timelines engine assembly: public holidays and business days by rule, fiscal calendars, and the
/// critical-path alignment of steps over two governments' calendars.</summary>
public static class EngineAssembly
{
    /// <summary>The engine's name as it appears in analysis records.</summary>
    public const string Name = "Timelines";
}
