using System.Globalization;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Features.Surge;

/// <summary>
/// Checks a <see cref="SurgeQuestion"/> against the network it is asked of and turns it into the engine's requests, one
/// per scenario (shared by the service, the web API and the CLI). Every problem is collected and thrown together as a
/// <see cref="SurgeValidationException"/> naming its field as the API body spells it (<c>items</c>, <c>months</c>,
/// <c>objective</c>, <c>target</c>, <c>by</c>, <c>scenarios[0].remove</c>, <c>expansions[2].extraPerMonth</c>,
/// <c>demand[0].month</c>); an id the reader may not see reads as unknown.
/// </summary>
public static class SurgeQuestions
{
    /// <summary>The horizon when none is given.</summary>
    public const int DefaultMonths = 24;

    /// <summary>Most scenarios one question may run side by side.</summary>
    public const int MaxScenarios = 8;

    /// <summary>Largest demand factor accepted.</summary>
    public const double MaxDemandFactor = 100;

    public const int MaxNameLength = 100;

    /// <summary>The objective words of the contract.</summary>
    public static readonly IReadOnlyList<string> Objectives = ["max", "shortfall", "cost"];

    /// <summary>The objective from <c>max|shortfall|cost</c>; empty → <c>max</c>.</summary>
    public static SurgeObjective Objective(string? text, string field = "objective") =>
        (text ?? "").Trim().ToLowerInvariant() switch
        {
            "" or "max" => SurgeObjective.MaxDeliveries,
            "shortfall" => SurgeObjective.MinShortfall,
            "cost" => SurgeObjective.MinCost,
            _ => throw new SurgeValidationException(field, $"'{text}' is not an objective (max, shortfall or cost)"),
        };

    /// <summary>The contract's word for an objective.</summary>
    public static string ObjectiveName(SurgeObjective objective) => objective switch
    {
        SurgeObjective.MinShortfall => "shortfall",
        SurgeObjective.MinCost => "cost",
        _ => "max",
    };

    /// <summary>
    /// The question checked against <paramref name="network"/>, with its defaults applied and scenario names filled in,
    /// and the engine's request for each scenario (in order). Throws <see cref="SurgeValidationException"/> listing every problem.
    /// </summary>
    public static (SurgeQuestion Question, IReadOnlyList<SurgeRequest> Requests) Prepare(SupplyNetwork network, SurgeQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var errors = new Errors();
        var items = Items(network, question.Items, errors);
        var months = question.Months ?? DefaultMonths;
        if (months is < 1 or > SurgeRequest.MaxMonths)
        {
            errors.Add("months", string.Create(CultureInfo.InvariantCulture, $"the horizon must be between 1 and {SurgeRequest.MaxMonths} months, got {months}"));
        }
        var objective = SurgeObjective.MaxDeliveries;
        try
        {
            objective = Objective(question.Objective);
        }
        catch (SurgeValidationException ex)
        {
            errors.Add(ex);
        }
        CheckTarget(question, objective, months, errors);
        CheckPlanningData(question, objective, errors);

        var asked = question.Scenarios is { Count: > 0 } s ? s : [new SurgeScenarioQuestion()];
        if (asked.Count > MaxScenarios)
        {
            errors.Add("scenarios", string.Create(CultureInfo.InvariantCulture, $"at most {MaxScenarios} scenarios side by side, got {asked.Count}"));
            asked = [.. asked.Take(MaxScenarios)];
        }
        var scenarios = new List<(SurgeScenarioQuestion Question, SurgeScenario Scenario)>();
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < asked.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"scenarios[{i}].");
            if (Scenario(network, asked[i] ?? new SurgeScenarioQuestion(), prefix, question.Expansions is { Count: > 0 }, objective, errors) is { } scenario)
            {
                if (!names.TryAdd(scenario.Scenario.Name, i))
                {
                    errors.Add(prefix + "name", string.Create(CultureInfo.InvariantCulture, $"'{scenario.Scenario.Name}' is already the name of scenario {names[scenario.Scenario.Name] + 1}: give each scenario its own name"));
                }
                scenarios.Add(scenario);
            }
        }
        errors.ThrowIfAny();

        var requests = scenarios.Select(s => new SurgeRequest(items, months, objective, s.Scenario,
            objective == SurgeObjective.MinCost ? question.Target : null,
            objective == SurgeObjective.MinCost ? question.By : null,
            question.Demand ?? [], question.Expansions ?? [], question.Stocks ?? [], question.EmptyPipeline)).ToList();
        for (var i = 0; i < requests.Count; i++)
        {
            Validate(network, requests[i], string.Create(CultureInfo.InvariantCulture, $"scenarios[{i}]."), errors);
        }
        errors.ThrowIfAny();

        var normalized = new SurgeQuestion(items, months, ObjectiveName(objective),
            objective == SurgeObjective.MinCost ? question.Target : null,
            objective == SurgeObjective.MinCost ? question.By : null,
            [.. scenarios.Select(s => s.Question)],
            question.Expansions ?? [], question.Stocks ?? [], question.Demand ?? [], question.EmptyPipeline);
        return (normalized, requests);
    }

    /// <summary>
    /// The steady-state question: items and one scenario, checked like <see cref="Prepare"/> (fields <c>items</c>,
    /// <c>remove</c>, <c>qualify</c>, <c>expansions[i]…</c>).
    /// </summary>
    public static (IReadOnlyList<string> Items, SurgeScenario Scenario, IReadOnlyList<SurgeExpansion> Expansions) PrepareRate(
        SupplyNetwork network, IReadOnlyList<string>? items, SurgeScenarioQuestion? scenario, IReadOnlyList<SurgeExpansion>? expansions)
    {
        var errors = new Errors();
        var list = Items(network, items, errors);
        CheckExpansions(expansions, errors);
        var s = Scenario(network, scenario ?? new SurgeScenarioQuestion(), "", expansions is { Count: > 0 }, SurgeObjective.MaxDeliveries, errors);
        errors.ThrowIfAny();
        var offers = network.AllOffers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < (expansions?.Count ?? 0); i++)
        {
            if (!offers.Contains(expansions![i].OfferId))
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"expansions[{i}].offerId"), $"unknown offer '{expansions[i].OfferId}' (not in the network, or not visible to you)");
            }
        }
        errors.ThrowIfAny();
        return (list, s!.Value.Scenario, expansions ?? []);
    }

    private static List<string> Items(SupplyNetwork network, IReadOnlyList<string>? items, Errors errors)
    {
        var list = (items ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal).ToList();
        if (list.Count == 0)
        {
            errors.Add("items", "name at least one item to plan (a part id, e.g. an end item from /api/network/items)");
            return list;
        }
        var unknown = list.Where(i => network.FindPart(i) is null).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("items", $"unknown part{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Take(10).Select(u => $"'{u}'"))} (not in the network, or not visible to you)");
        }
        return list;
    }

    private static void CheckTarget(SurgeQuestion question, SurgeObjective objective, int months, Errors errors)
    {
        if (objective != SurgeObjective.MinCost)
        {
            if (question.Target is not null)
            {
                errors.Add("target", "a target rate belongs to objective cost (\"what it takes to reach rate R by month M\")");
            }
            if (question.By is not null)
            {
                errors.Add("by", "a target month belongs to objective cost, with the target rate");
            }
            return;
        }
        if (question.Target is not { } target)
        {
            errors.Add("target", "objective cost needs the target rate: end items a month to reach");
        }
        else if (!double.IsFinite(target) || target <= 0)
        {
            errors.Add("target", string.Create(CultureInfo.InvariantCulture, $"the target rate must be a number > 0, got {target}"));
        }
        if (question.By is not { } by)
        {
            errors.Add("by", "objective cost needs the month by which to reach the target rate");
        }
        else if (by < 1 || by > months)
        {
            errors.Add("by", string.Create(CultureInfo.InvariantCulture, $"the target month must be between 1 and the horizon ({months}), got {by}"));
        }
    }

    private static void CheckPlanningData(SurgeQuestion question, SurgeObjective objective, Errors errors)
    {
        CheckExpansions(question.Expansions, errors);
        var stocks = question.Stocks ?? [];
        for (var i = 0; i < stocks.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"stocks[{i}].");
            if (stocks[i] is not { } s)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"stocks[{i}]"), "is null");
                continue;
            }
            Id(s.PartId, at + "partId", errors);
            Id(s.FacilityId, at + "facilityId", errors);
            NonNegative(s.Quantity, at + "quantity", errors);
        }
        var demand = question.Demand ?? [];
        for (var i = 0; i < demand.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"demand[{i}].");
            if (demand[i] is not { } d)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"demand[{i}]"), "is null");
                continue;
            }
            Id(d.PartId, at + "partId", errors);
            if (d.Month is < 1 or > SurgeRequest.MaxMonths)
            {
                errors.Add(at + "month", string.Create(CultureInfo.InvariantCulture, $"must be between 1 and {SurgeRequest.MaxMonths}, got {d.Month}"));
            }
            NonNegative(d.Quantity, at + "quantity", errors);
            if (d.Priority is < 1 or > 3)
            {
                errors.Add(at + "priority", string.Create(CultureInfo.InvariantCulture, $"must be 1 (high), 2 (normal) or 3 (low), got {d.Priority}"));
            }
        }
        if (objective == SurgeObjective.MinShortfall && demand.Count == 0)
        {
            errors.Add("demand", "objective shortfall needs a demand schedule (demand.csv: part_id,month,quantity[,priority])");
        }
    }

    private static void CheckExpansions(IReadOnlyList<SurgeExpansion>? expansions, Errors errors)
    {
        var list = expansions ?? [];
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"expansions[{i}].");
            if (list[i] is not { } e)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"expansions[{i}]"), "is null");
                continue;
            }
            if (Id(e.Id, at + "id", errors) && !ids.TryAdd(e.Id, i))
            {
                errors.Add(at + "id", string.Create(CultureInfo.InvariantCulture, $"duplicate id '{e.Id}' (also expansions[{ids[e.Id]}])"));
            }
            Id(e.OfferId, at + "offerId", errors);
            if (!double.IsFinite(e.ExtraPerMonth) || e.ExtraPerMonth <= 0)
            {
                errors.Add(at + "extraPerMonth", string.Create(CultureInfo.InvariantCulture, $"must be > 0, got {e.ExtraPerMonth}"));
            }
            NonNegative(e.CostUsd, at + "costUsd", errors);
            if (e.MonthsUntilAvailable is < 0 or > SurgeRequest.MaxMonths)
            {
                errors.Add(at + "monthsUntilAvailable", string.Create(CultureInfo.InvariantCulture, $"must be between 0 and {SurgeRequest.MaxMonths}, got {e.MonthsUntilAvailable}"));
            }
        }
    }

    private static (SurgeScenarioQuestion Question, SurgeScenario Scenario)? Scenario(
        SupplyNetwork network, SurgeScenarioQuestion asked, string prefix, bool hasExpansions, SurgeObjective objective, Errors errors)
    {
        var ok = true;
        IReadOnlyList<UnitRef> remove = [];
        IReadOnlyList<UnitRef> qualify = [];
        try
        {
            remove = NetworkQuestions.Units(network, asked.Remove, prefix + "remove");
        }
        catch (NetworkValidationException ex)
        {
            errors.Add(ex.Errors);
            ok = false;
        }
        try
        {
            qualify = NetworkQuestions.Units(network, asked.Qualify, prefix + "qualify");
        }
        catch (NetworkValidationException ex)
        {
            errors.Add(ex.Errors);
            ok = false;
        }
        var factor = asked.DemandFactor ?? 1;
        if (!double.IsFinite(factor) || factor <= 0 || factor > MaxDemandFactor)
        {
            errors.Add(prefix + "demandFactor", string.Create(CultureInfo.InvariantCulture, $"must be a number > 0 and at most {MaxDemandFactor}, got {factor}"));
            ok = false;
        }
        if (asked.WithExpansions && !hasExpansions)
        {
            errors.Add(prefix + "withExpansions", "no expansion options were given (expansions.csv: id,offer_id,extra_per_month,cost_usd,months_until_available)");
            ok = false;
        }
        var name = string.IsNullOrWhiteSpace(asked.Name) ? DefaultName(remove, qualify, asked.WithExpansions && objective != SurgeObjective.MinCost, factor) : asked.Name.Trim();
        if (name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            errors.Add(prefix + "name", string.Create(CultureInfo.InvariantCulture, $"a scenario name is one line of at most {MaxNameLength} characters"));
            ok = false;
        }
        if (!ok)
        {
            return null;
        }
        var question = new SurgeScenarioQuestion(name, [.. remove.Select(u => u.ToString())], [.. qualify.Select(u => u.ToString())], asked.WithExpansions, factor);
        return (question, new SurgeScenario(name, remove, qualify, asked.WithExpansions, factor));
    }

    /// <summary>A scenario's name from what it changes: <c>baseline</c>, or e.g. <c>without country:CN; qualify country:JP; demand ×1.5</c>.</summary>
    public static string DefaultName(IReadOnlyList<UnitRef> remove, IReadOnlyList<UnitRef> qualify, bool withExpansions, double demandFactor)
    {
        var parts = new List<string>();
        if (remove.Count > 0)
        {
            parts.Add("without " + string.Join(", ", remove));
        }
        if (qualify.Count > 0)
        {
            parts.Add("qualify " + string.Join(", ", qualify));
        }
        if (withExpansions)
        {
            parts.Add("with expansions");
        }
        if (demandFactor != 1)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"demand ×{demandFactor:0.##}"));
        }
        var name = parts.Count == 0 ? "baseline" : string.Join("; ", parts);
        return name.Length <= MaxNameLength ? name : name[..(MaxNameLength - 1)] + "…";
    }

    /// <summary>
    /// The engine's own check, each problem under the field the API body spells: the engine names a request field
    /// (<c>request</c>/<c>months</c>), a planning row 1-based with a CSV column (<c>demand[1]</c>/<c>part_id</c> →
    /// <c>demand[0].partId</c>) or the scenario (<c>scenario</c>/<c>remove</c> → <c>scenarios[0].remove</c>).
    /// </summary>
    private static void Validate(SupplyNetwork network, SurgeRequest request, string scenarioPrefix, Errors errors)
    {
        try
        {
            SurgePlanner.Validate(network, request);
        }
        catch (NetworkInputException ex)
        {
            foreach (var p in ex.Problems)
            {
                errors.Add(Field(p.Record, p.Field, scenarioPrefix), p.Message);
            }
        }
    }

    /// <summary>An engine problem's record and field as the API field.</summary>
    internal static string Field(string record, string field, string scenarioPrefix)
    {
        var camel = Camel(field);
        if (string.IsNullOrEmpty(record) || record == "request")
        {
            return string.IsNullOrEmpty(camel) ? "body" : camel;
        }
        if (record == "scenario")
        {
            return scenarioPrefix + camel;
        }
        var open = record.IndexOf('[', StringComparison.Ordinal);
        if (open > 0 && record.EndsWith(']') && int.TryParse(record.AsSpan(open + 1, record.Length - open - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var row))
        {
            return string.Create(CultureInfo.InvariantCulture, $"{record[..open]}[{Math.Max(0, row - 1)}].{camel}");
        }
        return string.IsNullOrEmpty(camel) ? record : record + "." + camel;
    }

    /// <summary><c>extra_per_month</c> → <c>extraPerMonth</c>.</summary>
    private static string Camel(string snake)
    {
        var parts = (snake ?? "").Split('_', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 0 ? "" : parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }

    private static bool Id(string? id, string field, Errors errors)
    {
        if (!Values.IsId(id))
        {
            errors.Add(field, string.IsNullOrEmpty(id) ? "is required" : $"'{id}' {Values.IdRule}");
            return false;
        }
        return true;
    }

    private static void NonNegative(double value, string field, Errors errors)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            errors.Add(field, string.Create(CultureInfo.InvariantCulture, $"must be ≥ 0, got {value}"));
        }
    }

    /// <summary>Problems by field, in the order found, each message once.</summary>
    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> _byField = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!_byField.TryGetValue(field, out var list))
            {
                _byField[field] = list = [];
            }
            if (!list.Contains(message, StringComparer.Ordinal))
            {
                list.Add(message);
            }
        }

        public void Add(IReadOnlyDictionary<string, string[]> errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var m in messages)
                {
                    Add(field, m);
                }
            }
        }

        public void Add(SurgeValidationException ex) => Add(ex.Errors);

        public void ThrowIfAny()
        {
            if (_byField.Count > 0)
            {
                throw new SurgeValidationException(_byField.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal));
            }
        }
    }
}
