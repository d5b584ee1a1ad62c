// The Optimization engine: pure, no EF, no HTTP, no clock. Its issue fills this project.
namespace Musubi.Engines.Optimization;

/// <summary>Marks the Optimization engine assembly; the engine's issue adds the real API.</summary>
public static class EngineAssembly
{
    /// <summary>The engine's name as it appears in analysis records.</summary>
    public const string Name = "Optimization";
}
