// The Screening engine: pure, no EF, no HTTP, no clock.
namespace Musubi.Engines.Screening;

/// <summary>Marks the Screening engine assembly.</summary>
public static class EngineAssembly
{
    /// <summary>The engine's name as it appears in analysis records.</summary>
    public const string Name = "Screening";
}
