using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>The surge-production planner (docs/engines/surge.md).</summary>
public static partial class SurgePlanner
{
}
