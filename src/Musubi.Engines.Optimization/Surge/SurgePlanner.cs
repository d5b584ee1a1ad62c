using System.Diagnostics;
using System.Globalization;
using Google.OrTools.LinearSolver;
using Musubi.Engines.Network;

namespace Musubi.Engines.Optimization.Surge;

/// <summary>
/// The surge-production planner (docs/engines/surge.md): how many end items a month the network can deliver over a
/// horizon, what binds, and what it takes to reach a rate — a time-phased linear program solved with OR-Tools.
/// </summary>
public static class SurgePlanner
{
    /// <summary>Most per-month bottleneck rows returned (largest values first); the summary per offer is capped likewise.</summary>
    public const int MaxBottleneckRows = 200;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Checks a request against the network; throws <see cref="NetworkInputException"/> listing every problem (record, field, message).</summary>
    public static void Validate(SupplyNetwork network, SurgeRequest request)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(request);
        var problems = new List<NetworkProblem>();
        if (request.Items.Count == 0)
        {
            problems.Add(new("request", "items", "choose at least one end item"));
        }
        foreach (var item in request.Items)
        {
            if (network.PartIndex(item) < 0)
            {
                problems.Add(new("request", "items", $"unknown part '{item}'"));
            }
        }
        foreach (var item in request.PipelineItems ?? [])
        {
            if (network.PartIndex(item) < 0)
            {
                problems.Add(new("request", "pipelineItems", $"unknown part '{item}'"));
            }
        }
        if (request.Months is < 1 or > SurgeRequest.MaxMonths)
        {
            problems.Add(new("request", "months", $"the horizon must be 1–{SurgeRequest.MaxMonths} months, not {request.Months}"));
        }
        switch (request.Objective)
        {
            case SurgeObjective.MinCost:
                if (request.TargetRate is not { } rate || !(rate > 0) || double.IsInfinity(rate))
                {
                    problems.Add(new("request", "target", "objective cost needs a target rate > 0 (end items per month)"));
                }
                if (request.ByMonth is not { } by || by < 1 || by > request.Months)
                {
                    problems.Add(new("request", "by", $"objective cost needs the month the target must be reached by, 1–{request.Months}"));
                }
                break;
            case SurgeObjective.MinShortfall:
                if (request.Demand is not { Count: > 0 } demand || !demand.Any(r => request.Items.Contains(r.PartId, StringComparer.Ordinal) && r.Quantity > 0))
                {
                    problems.Add(new("request", "demand", "objective shortfall needs a demand schedule for the chosen items"));
                }
                break;
        }
        var row = 0;
        foreach (var r in request.Demand ?? [])
        {
            row++;
            var record = $"demand[{row}]";
            if (network.PartIndex(r.PartId) < 0)
            {
                problems.Add(new(record, "part_id", $"unknown part '{r.PartId}'"));
            }
            if (r.Month is < 1 or > SurgeRequest.MaxMonths)
            {
                problems.Add(new(record, "month", $"must be 1–{SurgeRequest.MaxMonths}, not {r.Month}"));
            }
            if (!(r.Quantity >= 0) || double.IsInfinity(r.Quantity))
            {
                problems.Add(new(record, "quantity", $"must be a number ≥ 0, not {r.Quantity.ToString(Invariant)}"));
            }
            if (r.Priority is < 1 or > 3)
            {
                problems.Add(new(record, "priority", $"must be 1 (high), 2 (normal) or 3 (low), not {r.Priority}"));
            }
        }
        row = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in request.Expansions ?? [])
        {
            row++;
            var record = $"expansions[{row}]";
            if (string.IsNullOrWhiteSpace(e.Id))
            {
                problems.Add(new(record, "id", "is empty"));
            }
            else if (!ids.Add(e.Id))
            {
                problems.Add(new(record, "id", $"'{e.Id}' appears twice"));
            }
            if (network.OfferIndex(e.OfferId) < 0)
            {
                problems.Add(new(record, "offer_id", $"unknown offer '{e.OfferId}'"));
            }
            if (!(e.ExtraPerMonth > 0) || double.IsInfinity(e.ExtraPerMonth))
            {
                problems.Add(new(record, "extra_per_month", $"must be a number > 0, not {e.ExtraPerMonth.ToString(Invariant)}"));
            }
            if (!(e.CostUsd >= 0) || double.IsInfinity(e.CostUsd))
            {
                problems.Add(new(record, "cost_usd", $"must be a number ≥ 0, not {e.CostUsd.ToString(Invariant)}"));
            }
            if (e.MonthsUntilAvailable < 0)
            {
                problems.Add(new(record, "months_until_available", $"must be ≥ 0, not {e.MonthsUntilAvailable}"));
            }
        }
        row = 0;
        var facilities = network.AllFacilities.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var s in request.Stocks ?? [])
        {
            row++;
            var record = $"stocks[{row}]";
            if (network.PartIndex(s.PartId) < 0)
            {
                problems.Add(new(record, "part_id", $"unknown part '{s.PartId}'"));
            }
            if (!facilities.Contains(s.FacilityId))
            {
                problems.Add(new(record, "facility_id", $"unknown facility '{s.FacilityId}'"));
            }
            if (!(s.Quantity >= 0) || double.IsInfinity(s.Quantity))
            {
                problems.Add(new(record, "quantity", $"must be a number ≥ 0, not {s.Quantity.ToString(Invariant)}"));
            }
        }
        foreach (var (units, field) in new[] { (request.Scenario.Remove, "remove"), (request.Scenario.Qualify, "qualify") })
        {
            foreach (var unit in units)
            {
                if (!network.HasUnit(unit))
                {
                    problems.Add(new("scenario", field, $"no {UnitRef.KindName(unit.Kind)} '{unit.Id}' in the network"));
                }
            }
        }
        if (!(request.Scenario.DemandFactor > 0) || double.IsInfinity(request.Scenario.DemandFactor))
        {
            problems.Add(new("scenario", "demandFactor", $"must be a number > 0, not {request.Scenario.DemandFactor.ToString(Invariant)}"));
        }
        if (problems.Count > 0)
        {
            throw new NetworkInputException(problems);
        }
    }

    /// <summary>Builds and solves the plan.</summary>
    public static SurgePlan Plan(SupplyNetwork network, SurgeRequest request) => Plan(network, request, null);

    /// <summary>Builds and solves the plan with a named OR-Tools solver (GLOP, CLP, HIGHS, PDLP for (a) and (b); SCIP, CBC for (c)).</summary>
    public static SurgePlan Plan(SupplyNetwork network, SurgeRequest request, string? solverName)
    {
        Validate(network, request);
        var clock = Stopwatch.StartNew();
        var setup = SurgeSetup.Create(network, request);
        using var model = new SurgeModel(setup, solverName);
        var buildSeconds = clock.Elapsed.TotalSeconds;
        var status = model.Solve(out var solveSeconds);
        var size = new SurgeModelSize(model.Variables, model.Constraints, model.SolverName, Round(buildSeconds), Round(solveSeconds));
        var firsts = FirstDeliveries(setup);
        var objectiveKind = ObjectiveName(request.Objective);
        var notes = setup.Notes;

        if (status is not (Solver.ResultStatus.OPTIMAL or Solver.ResultStatus.FEASIBLE))
        {
            SurgeExplanation? why = null;
            var statusName = "not_solved";
            if (status == Solver.ResultStatus.INFEASIBLE && request.Objective == SurgeObjective.MinCost)
            {
                statusName = "infeasible";
                why = ExplainTarget(setup);
            }
            else
            {
                notes.Add($"the solver stopped without a plan ({status})");
            }
            var rateAll = SteadyRate(setup, null).Total;
            return new SurgePlan(statusName, request.Scenario.Name, objectiveKind, null, 0, Round(rateAll), 0, null, [], [], [], [], firsts, why, notes, size);
        }

        // The model's own value (what --export-mps gives an independent solver) and its bottlenecks, then the schedule:
        // for (a) the earliest plan among those delivering the most; for (c) the choices fixed and, among the plans
        // meeting the target with them, the one delivering the most, earliest — an LP, so its bottlenecks are duals too.
        var objectiveValue = model.ObjectiveValue;
        var built = new List<(SurgeExpansion Option, int Offer)>();
        var qualifiedByChoice = new List<int>();
        SurgeModel schedulePlan = model;
        SurgeModel? fixedModel = null;
        try
        {
            if (request.Objective == SurgeObjective.MinCost)
            {
                (built, qualifiedByChoice) = model.Choices();
                fixedModel = new SurgeModel(setup, null, new SurgeModel.FixedChoices([.. qualifiedByChoice], [.. built.Select(b => b.Option.Id)]));
                if (fixedModel.Solve(out var fixedSeconds) == Solver.ResultStatus.OPTIMAL)
                {
                    schedulePlan = fixedModel;
                }
                else
                {
                    notes.Add("the schedule with the chosen options could not be refined; it is the cost model's own");
                }
                solveSeconds += fixedSeconds;
            }
            var binding = schedulePlan.Bottlenecks();
            if (schedulePlan != model || request.Objective == SurgeObjective.MaxDeliveries)
            {
                schedulePlan.Refine(ref solveSeconds);
            }
            return Finish(setup, model, schedulePlan, status, objectiveValue, binding, built, qualifiedByChoice, firsts, notes,
                size with { SolveSeconds = Round(solveSeconds) });
        }
        finally
        {
            fixedModel?.Dispose();
        }
    }

    private static SurgePlan Finish(
        SurgeSetup setup, SurgeModel model, SurgeModel schedulePlan, Solver.ResultStatus status, double objectiveValue,
        List<(int Offer, int Month, double Value)> binding, List<(SurgeExpansion Option, int Offer)> built, List<int> qualifiedByChoice,
        List<SurgeItemStart> firsts, List<string> notes, SurgeModelSize size)
    {
        var request = setup.Request;
        var network = setup.Network;
        var objectiveKind = ObjectiveName(request.Objective);
        var deliveries = schedulePlan.Deliveries();
        var schedule = new List<SurgeDelivery>();
        double total = 0, peak = 0;
        for (var t = 1; t <= request.Months; t++)
        {
            double month = 0;
            for (var i = 0; i < setup.ItemParts.Length; i++)
            {
                var value = Round(deliveries[i][t]);
                month += value;
                var backlog = schedulePlan.Backlog(i);
                double? demand = request.Objective == SurgeObjective.MinShortfall ? Round(setup.Demand[i][t]) : null;
                schedule.Add(new SurgeDelivery(t, network.Parts[setup.ItemParts[i]].Id, value, demand, backlog is null ? demand is null ? null : 0 : Round(backlog[t])));
            }
            total += month;
            peak = Math.Max(peak, month);
        }

        var (bottlenecks, summary) = Bottlenecks(setup, binding, notes);
        var choices = new List<SurgeChoice>();
        double? cost = null;
        if (request.Objective == SurgeObjective.MinCost)
        {
            cost = Round(built.Sum(b => b.Option.CostUsd) + qualifiedByChoice.Sum(o => network.Offers[o].QualificationCostUsd!.Value));
        }
        else if (request.Scenario.WithExpansions)
        {
            built = [.. setup.Expansions];
        }
        foreach (var o in qualifiedByChoice.Concat(ScenarioQualified(setup)))
        {
            var offer = network.Offers[o];
            choices.Add(Choice("qualification", offer.Id, o, setup, offer.CapacityPerMonth, offer.QualificationCostUsd ?? 0, setup.FirstAllowed[o]));
        }
        foreach (var (option, o) in built)
        {
            choices.Add(Choice("expansion", option.Id, o, setup, option.ExtraPerMonth, option.CostUsd, option.MonthsUntilAvailable + 1));
        }

        // The rate the base sustains with the pipeline full, with what the plan builds and qualifies.
        var excluded = setup.Candidates.Except(qualifiedByChoice).ToHashSet();
        var unchanged = request.Scenario.Remove.Count == 0 && setup.Alive.Select((a, o) => a == network.Offers[o].Qualified || excluded.Contains(o)).All(x => x) && built.Count == 0;
        var rate = unchanged && setup.BaselineRate is { } baseline ? baseline : SteadyRate(setup, excluded, built).Total;

        SurgeExplanation? explanation = null;
        var statusText = status == Solver.ResultStatus.OPTIMAL ? "optimal" : "feasible";
        for (var i = 0; i < setup.ItemParts.Length && explanation is null; i++)
        {
            if (deliveries[i].Sum() <= 1e-9)
            {
                explanation = ExplainNothing(setup, i);
            }
        }
        if (total <= 1e-9 && request.Objective != SurgeObjective.MinCost)
        {
            statusText = "no_output";
        }
        return new SurgePlan(
            statusText, request.Scenario.Name, objectiveKind, Round(objectiveValue), Round(total), Round(rate), Round(peak), cost,
            schedule, bottlenecks, summary, choices, firsts, explanation, notes, size);
    }

    /// <summary>The steady-state maximum monthly output of the items under the scenario (expansions counted when the scenario takes them).</summary>
    public static SurgeRate Rate(SupplyNetwork network, IReadOnlyList<string> items, SurgeScenario scenario, IReadOnlyList<SurgeExpansion>? expansions = null)
    {
        var request = new SurgeRequest(items, 1, SurgeObjective.MaxDeliveries, scenario, Expansions: expansions);
        Validate(network, request);
        var clock = Stopwatch.StartNew();
        var setup = SurgeSetup.Create(network, request);
        var (total, perItem, binding, size) = SteadyRate(setup, null, scenario.WithExpansions ? setup.Expansions : []);
        var rows = binding
            .Select(b => Summary(setup, b.Offer, 1, 1, 1, b.Value))
            .OrderByDescending(b => b.MarginalValuePerUnitPerMonth).ThenBy(b => b.OfferId, StringComparer.Ordinal)
            .Take(MaxBottleneckRows)
            .ToList();
        SurgeExplanation? why = null;
        for (var i = 0; i < setup.ItemParts.Length && why is null; i++)
        {
            if (perItem[i] <= 1e-9)
            {
                why = ExplainNothing(setup, i, steadyState: true);
            }
        }
        return new SurgeRate(
            [.. setup.ItemParts.Select(p => network.Parts[p].Id)], scenario.Name, Round(total),
            [.. setup.ItemParts.Select((p, i) => new SurgeRateItem(network.Parts[p].Id, network.Parts[p].Name, Round(perItem[i])))],
            rows, why, size with { BuildSeconds = Round(clock.Elapsed.TotalSeconds - size.SolveSeconds) });
    }

    /// <summary>The exact model of <see cref="Plan(SupplyNetwork, SurgeRequest)"/> in free MPS.</summary>
    public static string ExportMps(SupplyNetwork network, SurgeRequest request)
    {
        Validate(network, request);
        using var model = new SurgeModel(SurgeSetup.Create(network, request));
        return model.ExportMps();
    }

    /// <summary>The exact model of <see cref="Plan(SupplyNetwork, SurgeRequest)"/> in LP format.</summary>
    public static string ExportLp(SupplyNetwork network, SurgeRequest request)
    {
        Validate(network, request);
        using var model = new SurgeModel(SurgeSetup.Create(network, request));
        return model.ExportLp();
    }

    private static string ObjectiveName(SurgeObjective objective) => objective switch
    {
        SurgeObjective.MaxDeliveries => "max",
        SurgeObjective.MinShortfall => "shortfall",
        _ => "cost",
    };

    /// <summary>To a millionth, and never −0.</summary>
    private static double Round(double value) => Math.Round(value, 6) + 0.0;

    private static IEnumerable<int> ScenarioQualified(SurgeSetup setup)
    {
        var candidates = setup.Candidates.ToHashSet();
        for (var o = 0; o < setup.Network.OfferCount; o++)
        {
            if (setup.Alive[o] && !setup.Network.Offers[o].Qualified && !candidates.Contains(o) && setup.InModel[o])
            {
                yield return o;
            }
        }
    }

    private static SurgeChoice Choice(string kind, string id, int o, SurgeSetup setup, double extra, double cost, int from)
    {
        var net = setup.Network;
        var facility = net.Facilities[net.OfferFacility[o]];
        return new SurgeChoice(kind, id, net.Offers[o].Id, net.Offers[o].PartId, facility.Id, facility.Country, Round(extra), Round(cost), from);
    }

    private static List<SurgeItemStart> FirstDeliveries(SurgeSetup setup)
    {
        var net = setup.Network;
        var list = new List<SurgeItemStart>();
        foreach (var p in setup.ItemParts)
        {
            var first = SurgeSetup.Never;
            for (var k = net.PartOfferStart[p]; k < net.PartOfferStart[p + 1]; k++)
            {
                var o = net.PartOffer[k];
                if (setup.Alive[o])
                {
                    first = Math.Min(first, setup.Avail[o]);
                }
            }
            list.Add(new SurgeItemStart(net.Parts[p].Id, net.Parts[p].Name, first == SurgeSetup.Never ? null : first));
        }
        return list;
    }

    private static (List<SurgeBottleneck> Rows, List<SurgeBottleneckSummary> Summary) Bottlenecks(SurgeSetup setup, List<(int Offer, int Month, double Value)> binding, List<string> notes)
    {
        var net = setup.Network;
        var rows = binding
            .OrderByDescending(b => b.Value).ThenBy(b => net.Offers[b.Offer].Id, StringComparer.Ordinal).ThenBy(b => b.Month)
            .Take(MaxBottleneckRows)
            .Select(b =>
            {
                var offer = net.Offers[b.Offer];
                var facility = net.Facilities[net.OfferFacility[b.Offer]];
                return new SurgeBottleneck(offer.Id, offer.PartId, net.Parts[net.OfferPart[b.Offer]].Name, facility.Id, facility.Name, facility.Country, b.Month, Round(b.Value));
            })
            .ToList();
        var summary = binding
            .GroupBy(b => b.Offer)
            .Select(g => Summary(setup, g.Key, g.Min(b => b.Month), g.Max(b => b.Month), g.Count(), g.Sum(b => b.Value)))
            .OrderByDescending(s => s.MarginalValuePerUnitPerMonth).ThenBy(s => s.OfferId, StringComparer.Ordinal)
            .ToList();
        if (binding.Count > MaxBottleneckRows)
        {
            notes.Add($"{binding.Count} binding offer-months; the {MaxBottleneckRows} of largest value are listed");
        }
        if (summary.Count > MaxBottleneckRows)
        {
            summary = summary.Take(MaxBottleneckRows).ToList();
        }
        return (rows, summary);
    }

    private static SurgeBottleneckSummary Summary(SurgeSetup setup, int o, int first, int last, int months, double value)
    {
        var net = setup.Network;
        var offer = net.Offers[o];
        var facility = net.Facilities[net.OfferFacility[o]];
        return new SurgeBottleneckSummary(offer.Id, offer.PartId, net.Parts[net.OfferPart[o]].Name, facility.Id, facility.Name, facility.Country, first, last, months, Round(value));
    }

    /// <summary>
    /// Steady state over the scenario's producing offers (objective (c)'s candidates left out unless chosen), with the
    /// expansions given (null: every expansion in play).
    /// </summary>
    private static (double Total, double[] PerItem, List<(int Offer, double Value)> Binding, SurgeModelSize Size) SteadyRate(
        SurgeSetup setup, HashSet<int>? excluded, IEnumerable<(SurgeExpansion Option, int Offer)>? expansions = null)
    {
        var net = setup.Network;
        var alive = new bool[net.OfferCount];
        for (var o = 0; o < alive.Length; o++)
        {
            alive[o] = setup.Alive[o] && (excluded is null || !excluded.Contains(o));
        }
        var extra = new double[net.OfferCount];
        foreach (var (option, o) in expansions ?? setup.Expansions)
        {
            extra[o] += option.ExtraPerMonth;
        }
        var r = SurgeSteady.Solve(net, alive, extra, setup.ItemParts);
        return (r.Total, r.PerItem, r.Binding, r.Size);
    }

    /// <summary>Why item <paramref name="i"/> delivers nothing: the first input without a producing source walking down from it, or the first possible month beyond the horizon.</summary>
    private static SurgeExplanation ExplainNothing(SurgeSetup setup, int i, bool steadyState = false)
    {
        var net = setup.Network;
        var p = setup.ItemParts[i];
        var item = net.Parts[p];
        var first = FirstDeliveries(setup)[i].FirstMonth;
        if (first is { } month && !steadyState)
        {
            if (month > setup.Months)
            {
                return new SurgeExplanation("beyond_horizon", item.Id, null, null, month, null,
                    $"The first {item.Name} ({item.Id}) can be delivered in month {month}, after the {setup.Months}-month horizon: the lead times along the fastest chain of sources add up to {month - 1} months.");
            }
            return new SurgeExplanation("no_capacity", item.Id, null, null, month, 0,
                $"{item.Name} ({item.Id}) can first be delivered in month {month}, but the plan delivers none of it: its capacity goes to the other items chosen.");
        }
        var (part, consumer, slot) = MissingSource(setup, p);
        var partRecord = net.Parts[part];
        var offers = Enumerable.Range(net.PartOfferStart[part], net.PartOfferStart[part + 1] - net.PartOfferStart[part]).Select(k => net.PartOffer[k]).ToList();
        string reason;
        if (slot is { } sl && !setup.IsDefaultSlot(sl) && !net.SourcesOf(sl).ToArray().Any(src => setup.Alive[src]))
        {
            reason = $"the sources approved for it at {net.Offers[consumer!.Value].Id} are all unqualified or lost";
        }
        else if (offers.Count == 0)
        {
            reason = "no offer in the network makes it";
        }
        else if (setup.Request.Scenario.Remove.Count > 0 && Disruption.LostOffers(net, setup.Request.Scenario.Remove) is var lost && offers.All(o => lost[o] || !net.Offers[o].Qualified))
        {
            reason = $"every offer of it is lost with {string.Join(", ", setup.Request.Scenario.Remove)} or unqualified";
        }
        else if (offers.All(o => !setup.Alive[o]))
        {
            var months = offers.Select(o => net.Offers[o].QualificationMonths).Where(m => m is not null).Select(m => m!.Value).DefaultIfEmpty(-1).Min();
            reason = months >= 0
                ? $"its only offers are unqualified; qualifying one would take {months} months"
                : "its only offers are unqualified, with no known qualification time";
        }
        else
        {
            reason = "each of its offers lacks an input that nothing can supply (a cycle with no outside source)";
        }
        var text = part == p
            ? $"{item.Name} ({item.Id}) cannot be made: {reason}."
            : $"{item.Name} ({item.Id}) cannot be made: its input {partRecord.Name} ({partRecord.Id}) has no producing source — {reason}.";
        return new SurgeExplanation("no_source", item.Id, partRecord.Id, consumer is { } c ? net.Offers[c].Id : null, null, null, text);
    }

    /// <summary>Walks down from a part without an available offer to the first part none of whose offers can produce for a reason of its own.</summary>
    private static (int Part, int? Consumer, int? Slot) MissingSource(SurgeSetup setup, int part)
    {
        var net = setup.Network;
        var visited = new HashSet<int>();
        int? consumer = null;
        int? slot = null;
        while (visited.Add(part))
        {
            var next = -1;
            for (var k = net.PartOfferStart[part]; k < net.PartOfferStart[part + 1] && next < 0; k++)
            {
                var o = net.PartOffer[k];
                if (!setup.Alive[o])
                {
                    continue;
                }
                for (var s = net.SlotStart[o]; s < net.SlotStart[o + 1]; s++)
                {
                    if (setup.SlotAvail[s] == SurgeSetup.Never && !visited.Contains(net.SlotPart[s]))
                    {
                        next = net.SlotPart[s];
                        consumer = o;
                        slot = s;
                        break;
                    }
                }
            }
            if (next < 0)
            {
                return (part, consumer, slot);
            }
            // An input whose approved sources are none of them alive is the cause, whatever its part's other offers do.
            if (!setup.IsDefaultSlot(slot!.Value) && !net.SourcesOf(slot.Value).ToArray().Any(src => setup.Alive[src]))
            {
                return (next, consumer, slot);
            }
            part = next;
        }
        return (part, consumer, slot);
    }

    /// <summary>Why objective (c) found no plan: an item that cannot be made or not by the target month, or a rate beyond reach even with every option.</summary>
    private static SurgeExplanation ExplainTarget(SurgeSetup setup)
    {
        var net = setup.Network;
        var request = setup.Request;
        var by = request.ByMonth!.Value;
        var firsts = FirstDeliveries(setup);
        for (var i = 0; i < setup.ItemParts.Length; i++)
        {
            var item = net.Parts[setup.ItemParts[i]];
            if (firsts[i].FirstMonth is not { } first)
            {
                return ExplainNothing(setup, i);
            }
            if (first > by)
            {
                return new SurgeExplanation("beyond_horizon", item.Id, null, null, first, null,
                    $"Even with every expansion and qualification, the first {item.Name} ({item.Id}) can be delivered in month {first}, after month {by}.");
            }
        }
        var (total, perItem, _, _) = SteadyRate(setup, null, setup.Expansions);
        var worst = Enumerable.Range(0, setup.ItemParts.Length).MinBy(i => perItem[i]);
        var name = net.Parts[setup.ItemParts[worst]];
        var rate = request.TargetRate!.Value;
        var text = perItem[worst] + 1e-9 < rate
            ? $"Even with every expansion and qualification, {name.Name} ({name.Id}) reaches at most {Round(perItem[worst]).ToString(Invariant)} a month with the pipeline full, short of {rate.ToString(Invariant)} a month."
            : $"With every expansion and qualification {name.Name} ({name.Id}) could reach {Round(perItem[worst]).ToString(Invariant)} a month with the pipeline full, but not {rate.ToString(Invariant)} a month every month from month {by} to {request.Months}: lead times and the months expansions and qualifications take come first.";
        return new SurgeExplanation("target_unreachable", name.Id, null, null, by, Round(perItem[worst]), text);
    }
}
