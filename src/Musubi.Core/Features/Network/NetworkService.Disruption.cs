using Musubi.Core.Features.Audit;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization;

namespace Musubi.Core.Features.Network;

public sealed partial class NetworkService
{
    /// <summary>
    /// What survives losing <paramref name="remove"/> (units named <c>kind:id</c>): for each end item (or the ones
    /// asked) producible and maximum monthly output (steady-state LP) before and after, and the recovery by qualifying
    /// surviving unqualified offers; per part, qualified capacity before and after.
    /// </summary>
    public async Task<DisruptionResult> DisruptAsync(IReadOnlyList<string>? remove, IReadOnlyList<string>? items, AuditTrail audit, CancellationToken ct = default)
    {
        var network = await NetworkAsync(ct);
        var units = NetworkQuestions.Units(network, remove);
        if (units.Count == 0)
        {
            throw new NetworkValidationException("remove", "name at least one unit to remove, as kind:id (e.g. country:CN, organization:ORG-1)");
        }
        var asked = NetworkQuestions.Items(network, items);
        var result = Disrupt(network, units, asked);
        await AuditAsync(audit, "disrupt", asked is { Count: 1 } ? asked[0] : null,
            new { remove = result.Removed, items = asked, result.OffersRemoved, stopped = result.Items.Count(i => i.ProducibleBefore && !i.ProducibleAfter) }, ct);
        return result;
    }

    /// <summary>The disruption engine with maximum monthly output from the steady-state LP.</summary>
    public static DisruptionResult Disrupt(SupplyNetwork network, IReadOnlyCollection<UnitRef> units, IReadOnlyCollection<string>? items) =>
        Disruption.Analyze(network, units, items, (alive, item) => SteadyState.MaxOutput(network, alive, item));
}
