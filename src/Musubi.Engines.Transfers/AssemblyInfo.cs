// The Transfers engine: pure, no EF, no HTTP, no clock. Its issue fills this project.
namespace Musubi.Engines.Transfers;

/// <summary>Marks the Transfers engine assembly; the engine's issue adds the real API.</summary>
public static class EngineAssembly
{
    /// <summary>The engine's name as it appears in analysis records.</summary>
    public const string Name = "Transfers";
}
