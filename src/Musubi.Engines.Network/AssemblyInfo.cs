// The Network engine: pure, no EF, no HTTP, no clock.
using System.Runtime.CompilerServices;

[assembly: InternalsVisibleTo("Musubi.Engines.Tests")]
[assembly: InternalsVisibleTo("Musubi.Benchmarks")]
[assembly: InternalsVisibleTo("Musubi.Engines.Optimization")]

namespace Musubi.Engines.Network;

/// <summary>Marks the Network engine assembly.</summary>
public static class EngineAssembly
{
    /// <summary>The engine's name as it appears in analysis records.</summary>
    public const string Name = "Network";
}
