using Google.OrTools.LinearSolver;
using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization;

/// <summary>
/// The steady-state maximum monthly output of an end item: a linear program over the offers that can produce (the
/// least-fixpoint feasible ones upstream of the item — a cycle counts only once it can be started from outside):
/// <code>
/// maximize   Σ d_o                                  over the item's offers o
/// subject to x_o ≤ capacity_o                       each offer's monthly production
///            Σ_src f(s, src) ≥ quantity_s · x_o      each input slot s of offer o, fed by its producing sources
///            Σ_s f(s, o) + d_o ≤ x_o                 what an offer makes is consumed or delivered (d only for the item)
///            x, f, d ≥ 0
/// </code>
/// solved with Google OR-Tools' GLOP. Lead times do not matter in a steady state.
/// </summary>
public static class SteadyState
{
    /// <summary>Maximum monthly output of <paramref name="itemPartId"/> when the offers in <paramref name="alive"/> (null: every qualified offer) may produce.</summary>
    public static double MaxOutput(SupplyNetwork network, bool[]? alive, string itemPartId)
    {
        var item = network.PartIndex(itemPartId);
        if (item < 0)
        {
            throw new NetworkInputException([new NetworkProblem("item", "item", $"unknown part '{itemPartId}'")]);
        }
        var feasible = Feasibility.Compute(network, alive);
        var upstream = Feasibility.Upstream(network, feasible, item);
        if (upstream.Count == 0)
        {
            return 0;
        }
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools' GLOP solver is not available");
        var x = new Dictionary<int, Variable>(upstream.Count);
        foreach (var o in upstream)
        {
            x[o] = solver.MakeNumVar(0, network.Offers[o].CapacityPerMonth, $"x_{o}");
        }
        // Supply balance per offer: Σ flows out + delivery ≤ x_o, built up as flows are created.
        var balance = new Dictionary<int, Constraint>(upstream.Count);
        foreach (var o in upstream)
        {
            var c = solver.MakeConstraint(double.NegativeInfinity, 0, $"supply_{o}");
            c.SetCoefficient(x[o], -1);
            balance[o] = c;
        }
        var objective = solver.Objective();
        foreach (var o in upstream)
        {
            if (network.OfferPart[o] == item)
            {
                var d = solver.MakeNumVar(0, double.PositiveInfinity, $"d_{o}");
                balance[o].SetCoefficient(d, 1);
                objective.SetCoefficient(d, 1);
            }
            for (var s = network.SlotStart[o]; s < network.SlotStart[o + 1]; s++)
            {
                var need = solver.MakeConstraint(0, double.PositiveInfinity, $"slot_{s}");
                need.SetCoefficient(x[o], -network.SlotQuantity[s]);
                foreach (var src in network.SourcesOf(s))
                {
                    if (!feasible[src])
                    {
                        continue;
                    }
                    var f = solver.MakeNumVar(0, double.PositiveInfinity, $"f_{s}_{src}");
                    need.SetCoefficient(f, 1);
                    balance[src].SetCoefficient(f, 1);
                }
            }
        }
        objective.SetMaximization();
        var status = solver.Solve();
        // Rounded to a millionth of a unit: the simplex's last-digit noise (2.9999999999999996) is not a figure.
        return status == Solver.ResultStatus.OPTIMAL ? Math.Round(Math.Max(0, objective.Value()), 6) : throw new InvalidOperationException($"the steady-state program ended {status}");
    }
}
