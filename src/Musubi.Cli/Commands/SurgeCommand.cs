using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Features.Network;
using Musubi.Core.Features.Surge;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi surge plan|rate</c>: surge-production planning (issue #6; docs/engines/surge.md) over a package folder
/// (<c>--input DIR</c>, docs/formats.md §1) or the registry (<c>--db</c>, read as <c>--as PRINCIPAL</c> through the access
/// policy, audited as <c>surge.planned</c>), with planning data from <c>--plan DIR</c> (expansions.csv, stocks.csv,
/// demand.csv). JSON is the camelCase of the engine's <see cref="SurgePlan"/> or <see cref="SurgeRate"/>. Bad input: exit
/// 2, each problem as <c>file:line:field: message</c> or naming the option.
/// </summary>
internal static class SurgeCommand
{
    public static Command Build()
    {
        var command = new Command("surge", "Surge-production planning: end items a month, month by month, what binds and what it takes (issue #6)");
        command.Subcommands.Add(Plan());
        command.Subcommands.Add(Rate());
        return command;
    }

    /// <summary>The options both subcommands share.</summary>
    private sealed record Common(
        Option<string?> Input,
        Option<string?> PlanDir,
        Option<string[]> Items,
        Option<string[]> Remove,
        Option<string[]> Qualify,
        Option<bool> WithExpansions,
        Option<string> Format);

    private static Common AddCommon(Command command)
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var common = new Common(
            new Option<string?>("--input", "-i") { Description = "a supply-network package folder (docs/formats.md §1); without it the registry of --db is planned" },
            new Option<string?>("--plan") { Description = "a folder of planning data: any of expansions.csv, stocks.csv, demand.csv (docs/engines/surge.md)" },
            new Option<string[]>("--item") { Description = "an end item to plan (part id); repeat for more" },
            new Option<string[]>("--remove") { Description = "a unit lost, kind:id (e.g. country:CN, organization:ORG-1); repeat for more" },
            new Option<string[]>("--qualify") { Description = "a unit whose unqualified offers are qualified, kind:id (e.g. country:JP); repeat for more" },
            new Option<bool>("--with-expansions") { Description = "take the expansion options of --plan as built" },
            format);
        command.Options.Add(common.Input);
        command.Options.Add(CommonOptions.As);
        command.Options.Add(common.PlanDir);
        command.Options.Add(common.Items);
        command.Options.Add(common.Remove);
        command.Options.Add(common.Qualify);
        command.Options.Add(common.WithExpansions);
        command.Options.Add(common.Format);
        return common;
    }

    private static Command Plan()
    {
        var command = new Command("plan", "A time-phased plan: deliveries per month by the horizon, the binding capacities and their value, and (objective cost) the expansions and qualifications it takes.");
        var common = AddCommon(command);
        var months = new Option<int?>("--months") { Description = $"the horizon in months, 1–{SurgeRequest.MaxMonths} (default {SurgeQuestions.DefaultMonths})" };
        var objective = new Option<string?>("--objective") { Description = "max (deliveries by the horizon, default), shortfall (against demand.csv) or cost (to reach --target by --by)" };
        var target = new Option<double?>("--target") { Description = "objective cost: end items a month to reach" };
        var by = new Option<int?>("--by") { Description = "objective cost: the month from which the target rate holds" };
        var factor = new Option<double?>("--demand-factor") { Description = "multiply the demand schedule (e.g. 1.5 for a 50% surge)" };
        var mps = new Option<string?>("--export-mps") { Description = "also write the exact model in free MPS to this file (check it with another solver)" };
        var lp = new Option<string?>("--export-lp") { Description = "also write the exact model in LP format to this file" };
        var empty = new Option<bool>("--empty-pipeline") { Description = "start from nothing in flight (a new item); default: the base is making the items at its steady-state rate" };
        command.Options.Add(months);
        command.Options.Add(objective);
        command.Options.Add(target);
        command.Options.Add(by);
        command.Options.Add(factor);
        command.Options.Add(mps);
        command.Options.Add(lp);
        command.Options.Add(empty);
        command.SetAction((parse, ct) => RunAsync(parse, common, ct, async (network, data, service, trail) =>
        {
            var scenario = new SurgeScenarioQuestion(null, parse.GetValue(common.Remove), parse.GetValue(common.Qualify),
                parse.GetValue(common.WithExpansions), parse.GetValue(factor));
            var question = new SurgeQuestion(parse.GetValue(common.Items), parse.GetValue(months), parse.GetValue(objective),
                parse.GetValue(target), parse.GetValue(by), [scenario], data.Expansions, data.Stocks, data.Demand, parse.GetValue(empty));
            var answer = service is null ? SurgeService.Plan(network, question) : await service.PlanAsync(question, trail!, ct);
            var request = SurgeQuestions.Prepare(network, answer.Question).Requests[0];
            if (parse.GetValue(mps) is { Length: > 0 } mpsPath)
            {
                await File.WriteAllTextAsync(mpsPath, SurgePlanner.ExportMps(network, request), ct);
            }
            if (parse.GetValue(lp) is { Length: > 0 } lpPath)
            {
                await File.WriteAllTextAsync(lpPath, SurgePlanner.ExportLp(network, request), ct);
            }
            return answer.Plans[0];
        }, result => WritePlan((SurgePlan)result)));
        return command;
    }

    private static Command Rate()
    {
        var command = new Command("rate", "The steady-state maximum: end items a month with the pipeline full (no lead times), and what binds it.");
        var common = AddCommon(command);
        command.SetAction((parse, ct) => RunAsync(parse, common, ct, async (network, data, service, trail) =>
        {
            var scenario = new SurgeScenarioQuestion(null, parse.GetValue(common.Remove), parse.GetValue(common.Qualify), parse.GetValue(common.WithExpansions));
            return service is null
                ? SurgeService.Rate(network, parse.GetValue(common.Items), scenario, data.Expansions)
                : await service.RateAsync(parse.GetValue(common.Items), scenario, data.Expansions, trail!, ct);
        }, result => WriteRate((SurgeRate)result)));
        return command;
    }

    /// <summary>
    /// Reads the network (package or registry) and the planning data, answers, prints. Package and planning-data problems
    /// are printed one per line as <c>file:line:field: message</c>, question problems as <c>--option: message</c>; all exit 2.
    /// </summary>
    private static async Task<int> RunAsync(
        ParseResult parse,
        Common common,
        CancellationToken ct,
        Func<SupplyNetwork, SurgePlanData, SurgeService?, Core.Features.Audit.AuditTrail?, Task<object>> answer,
        Action<object> writeTable)
    {
        SurgePlanData data = SurgePlanData.Empty;
        try
        {
            if (parse.GetValue(common.PlanDir) is { Length: > 0 } planDir)
            {
                data = SurgePlanDataReader.Read(planDir);
            }
            object result;
            if (parse.GetValue(common.Input) is { Length: > 0 } dir)
            {
                if (parse.GetValue(CommonOptions.Db) is { Length: > 0 } || parse.GetValue(CommonOptions.As) is { Length: > 0 })
                {
                    await Console.Error.WriteLineAsync("--input: plans a package folder; --db and --as are for the registry: give one or the other");
                    return ExitCodes.BadInput;
                }
                SupplyNetwork network;
                try
                {
                    network = NetworkPackageReader.Read(dir);
                }
                catch (NetworkPackageException ex)
                {
                    return await PrintAsync(ex.Problems);
                }
                if (data.Check(network) is { Count: > 0 } problems)
                {
                    return await PrintAsync(problems);
                }
                result = await answer(network, data, null, null);
            }
            else
            {
                await using var db = await CommonOptions.OpenAsync(parse, ct);
                if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
                {
                    return ExitCodes.BadInput;
                }
                var service = new SurgeService(db, TimeProvider.System);
                var network = await service.NetworkAsync(ct);
                if (data.Check(network) is { Count: > 0 } problems)
                {
                    return await PrintAsync(problems);
                }
                result = await answer(network, data, service, trail);
                if (service.HiddenOffers is > 0 and var hidden)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{hidden} offer(s) left out: their part, facility or an input is not visible to this reader"));
                }
            }
            if (parse.GetValue(common.Format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, result.GetType(), NetworkCommand.Indented));
            }
            else
            {
                writeTable(result);
            }
            return ExitCodes.Success;
        }
        catch (SurgePlanDataException ex)
        {
            return await PrintAsync(ex.Problems);
        }
        catch (SurgeValidationException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"{Where(field, data)}: {string.Join("; ", messages)}");
            }
            return ExitCodes.BadInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"cannot write the exported model: {ex.Message}");
            return ExitCodes.Failure;
        }
    }

    private static async Task<int> PrintAsync(IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            await Console.Error.WriteLineAsync(problem);
        }
        return ExitCodes.BadInput;
    }

    /// <summary>Where a question's field came from: the option (<c>--item</c>, <c>--remove</c>), or the planning file and line (<c>expansions.csv:3:extra_per_month</c>).</summary>
    internal static string Where(string field, SurgePlanData data)
    {
        var plain = field.StartsWith("scenarios[", StringComparison.Ordinal) && field.IndexOf("].", StringComparison.Ordinal) is var end and > 0 ? field[(end + 2)..] : field;
        switch (plain)
        {
            case "items":
                return "--item";
            case "withExpansions":
                return "--with-expansions";
            case "demandFactor":
                return "--demand-factor";
            case "demand" or "expansions" or "stocks":
                return "--plan";
            case "remove" or "qualify" or "months" or "objective" or "target" or "by":
                return "--" + plain;
        }
        foreach (var (prefix, file) in new[] { ("expansions[", SurgePlanDataReader.ExpansionsFile), ("stocks[", SurgePlanDataReader.StocksFile), ("demand[", SurgePlanDataReader.DemandFile) })
        {
            if (plain.StartsWith(prefix, StringComparison.Ordinal) && plain.IndexOf("].", StringComparison.Ordinal) is var close and > 0
                && int.TryParse(plain.AsSpan(prefix.Length, close - prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                var lines = file == SurgePlanDataReader.ExpansionsFile ? data.ExpansionLines : file == SurgePlanDataReader.StocksFile ? data.StockLines : data.DemandLines;
                var line = index < lines.Count ? lines[index] : 0;
                return string.Create(CultureInfo.InvariantCulture, $"{file}:{line}:{Core.Features.Import.Values.Snake(plain[(close + 2)..])}");
            }
        }
        return "--" + plain;
    }

    /// <summary>Months and bottlenecks shown in the table (JSON has them all).</summary>
    private const int TableBottlenecks = 10;

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string N(double? value) => value is { } v ? N(v) : "";

    private static void WritePlan(SurgePlan p)
    {
        var status = p.Status == "optimal" ? $"[green]{Markup.Escape(p.Status)}[/]" : $"[red]{Markup.Escape(p.Status)}[/]";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(p.Scenario)}[/]: {status}, objective {Markup.Escape(p.ObjectiveKind)}"
            + $" ({p.Model.Variables:N0} variables, {p.Model.Constraints:N0} constraints, {Markup.Escape(p.Model.Solver)}, {p.Model.BuildSeconds + p.Model.SolveSeconds:0.###} s)");
        AnsiConsole.MarkupLine($"delivered [bold]{N(p.Delivered)}[/] by the horizon; max monthly rate {N(p.MaxMonthlyRate)}; peak month {N(p.PeakMonthlyDeliveries)}"
            + (p.CostUsd is { } cost ? $"; cost {N(cost)} USD" : ""));
        foreach (var f in p.FirstDeliveries)
        {
            AnsiConsole.MarkupLine($"  first delivery of {Markup.Escape(f.Item)} ({Markup.Escape(f.Name)}): {(f.FirstMonth is { } m ? "month " + m.ToString(CultureInfo.InvariantCulture) : "never")}");
        }
        if (p.Explanation is { } why)
        {
            AnsiConsole.MarkupLine($"[yellow]why[/]: {Markup.Escape(why.Text)}");
        }
        foreach (var note in p.Notes)
        {
            AnsiConsole.MarkupLine($"[grey]note[/]: {Markup.Escape(note)}");
        }
        var items = p.Schedule.Select(d => d.Item).Distinct(StringComparer.Ordinal).ToList();
        if (items.Count > 0)
        {
            var hasDemand = p.Schedule.Any(d => d.Demand is not null);
            var schedule = new Table().Border(TableBorder.Rounded);
            schedule.AddColumn("month");
            foreach (var i in items)
            {
                schedule.AddColumn(Markup.Escape(i));
                if (hasDemand)
                {
                    schedule.AddColumn(Markup.Escape(i + " demand"));
                    schedule.AddColumn(Markup.Escape(i + " backlog"));
                }
            }
            foreach (var month in p.Schedule.GroupBy(d => d.Month).OrderBy(g => g.Key))
            {
                var cells = new List<string> { month.Key.ToString(CultureInfo.InvariantCulture) };
                foreach (var i in items)
                {
                    var d = month.FirstOrDefault(x => x.Item == i);
                    cells.Add(N(d?.Delivered ?? 0));
                    if (hasDemand)
                    {
                        cells.Add(N(d?.Demand));
                        cells.Add(N(d?.Backlog));
                    }
                }
                schedule.AddRow([.. cells]);
            }
            AnsiConsole.Write(schedule);
        }
        WriteBottlenecks(p.BottleneckSummary, "value per unit per month");
        if (p.Expansions.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("kind", "id", "offer", "part", "facility", "country", "extra/month", "cost USD", "from month");
            foreach (var c in p.Expansions)
            {
                table.AddRow(Markup.Escape(c.Kind), Markup.Escape(c.Id), Markup.Escape(c.OfferId), Markup.Escape(c.Part), Markup.Escape(c.Facility),
                    Markup.Escape(c.Country), N(c.ExtraPerMonth), N(c.CostUsd), c.AvailableFromMonth.ToString(CultureInfo.InvariantCulture));
            }
            AnsiConsole.Write(table);
        }
    }

    private static void WriteRate(SurgeRate r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Scenario)}[/]: steady-state maximum [bold]{N(r.MaxMonthlyRate)}[/] a month "
            + $"({r.Model.Variables:N0} variables, {Markup.Escape(r.Model.Solver)}, {r.Model.BuildSeconds + r.Model.SolveSeconds:0.###} s)");
        foreach (var i in r.PerItem)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(i.Item)} ({Markup.Escape(i.Name)}): {N(i.Rate)} a month");
        }
        if (r.Explanation is { } why)
        {
            AnsiConsole.MarkupLine($"[yellow]why[/]: {Markup.Escape(why.Text)}");
        }
        WriteBottlenecks(r.Bottlenecks, "value per unit per month");
    }

    private static void WriteBottlenecks(IReadOnlyList<SurgeBottleneckSummary> bottlenecks, string valueColumn)
    {
        if (bottlenecks.Count == 0)
        {
            AnsiConsole.MarkupLine("no capacity binds with a positive value");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("bottleneck offer", "part", "facility", "country", "months", valueColumn);
        foreach (var b in bottlenecks.Take(TableBottlenecks))
        {
            table.AddRow(Markup.Escape(b.OfferId), Markup.Escape($"{b.Part} ({b.PartName})"), Markup.Escape(b.FacilityName), Markup.Escape(b.Country),
                string.Create(CultureInfo.InvariantCulture, $"{b.FirstMonth}–{b.LastMonth} ({b.Months})"), N(b.MarginalValuePerUnitPerMonth));
        }
        AnsiConsole.Write(table);
        if (bottlenecks.Count > TableBottlenecks)
        {
            AnsiConsole.MarkupLine($"… and {bottlenecks.Count - TableBottlenecks} more (--format json lists them all)");
        }
    }
}
