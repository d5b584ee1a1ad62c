using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>The surge-production planner (docs/engines/surge.md).</summary>
public static partial class SurgePlanner
{
    /// <summary>Checks a request against the network; throws <see cref="NetworkInputException"/> listing every problem (record, field, message).</summary>
    public static void Validate(SupplyNetwork network, SurgeRequest request) => throw new NotSupportedException("being written (lead)");

    /// <summary>Builds and solves the plan.</summary>
    public static SurgePlan Plan(SupplyNetwork network, SurgeRequest request) => throw new NotSupportedException("being written (lead)");

    /// <summary>The steady-state maximum monthly output of the items under the scenario.</summary>
    public static SurgeRate Rate(SupplyNetwork network, IReadOnlyList<string> items, SurgeScenario scenario, IReadOnlyList<SurgeExpansion>? expansions = null) => throw new NotSupportedException("being written (lead)");

    /// <summary>The exact model of <see cref="Plan"/> in free MPS.</summary>
    public static string ExportMps(SupplyNetwork network, SurgeRequest request) => throw new NotSupportedException("being written (lead)");

    /// <summary>The exact model of <see cref="Plan"/> in LP format.</summary>
    public static string ExportLp(SupplyNetwork network, SurgeRequest request) => throw new NotSupportedException("being written (lead)");
}
