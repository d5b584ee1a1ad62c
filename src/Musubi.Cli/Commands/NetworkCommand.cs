using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Features.Network;
using Musubi.Engines.Network;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi network critical|pairs|concentration|disrupt</c>: supply-network risk (issue #5; docs/engines/network.md)
/// over a package folder (<c>--input DIR</c>, docs/formats.md §1, bill-of-materials cycles allowed) or the registry
/// (<c>--db</c>, read as <c>--as PRINCIPAL</c> through the access policy, audited as <c>network.analyzed</c>). JSON is the
/// camelCase of the engine's result records. Bad input: exit 2, each problem as <c>file:line:field: message</c> or
/// naming the option.
/// </summary>
internal static class NetworkCommand
{
    internal static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var command = new Command("network", "Supply-network risk: single points of failure, pairs, concentration and disruption what-ifs (issue #5)");
        command.Subcommands.Add(Critical());
        command.Subcommands.Add(Pairs());
        command.Subcommands.Add(ConcentrationCommand());
        command.Subcommands.Add(Disrupt());
        return command;
    }

    private static Option<string?> InputOption() => new("--input", "-i")
    {
        Description = "a supply-network package folder (docs/formats.md §1); without it the registry of --db is analyzed",
    };

    private static Option<string?> ItemOption() => new("--item") { Description = "the part id of the end item to analyze" };

    private static Option<string?> UnitOption() => new("--unit")
    {
        Description = "failure unit: offer, facility, organization (default), country or region",
    };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    /// <summary>The options every subcommand shares.</summary>
    private sealed record Common(Option<string?> Input, Option<string> Format);

    private static Common AddCommon(Command command)
    {
        var common = new Common(InputOption(), FormatOption());
        command.Options.Add(common.Input);
        command.Options.Add(common.Format);
        command.Options.Add(CommonOptions.As);
        return common;
    }

    private static Command Critical()
    {
        var command = new Command("critical", "The units whose single loss makes the item unproducible, with the chain of parts that explains each.");
        var common = AddCommon(command);
        var item = ItemOption();
        var unit = UnitOption();
        var program = new Option<string?>("--program")
        {
            Description = "instead of --item: every end item of this registry program (with --db; a package has no programs)",
        };
        command.Options.Add(item);
        command.Options.Add(unit);
        command.Options.Add(program);
        command.SetAction((parse, ct) => RunAsync(parse, common, ct,
            (network, _) =>
            {
                if (parse.GetValue(program) is { Length: > 0 })
                {
                    throw new NetworkValidationException("program", "a package has no programs: use --db (the registry) or --item");
                }
                var kind = NetworkQuestions.Unit(parse.GetValue(unit));
                var part = NetworkQuestions.Item(network, parse.GetValue(item));
                return Task.FromResult<object>(CriticalUnits.Find(network, part.Id, kind));
            },
            async (service, trail) =>
            {
                var kind = NetworkQuestions.Unit(parse.GetValue(unit));
                if (parse.GetValue(program) is { Length: > 0 } id)
                {
                    if (parse.GetValue(item) is { Length: > 0 })
                    {
                        throw new NetworkValidationException("program", "give --program or --item, not both");
                    }
                    return await service.ProgramCriticalAsync(id, kind, trail, ct);
                }
                return await service.CriticalAsync(parse.GetValue(item), kind, trail, ct);
            },
            result =>
            {
                if (result is ProgramCritical p)
                {
                    WriteProgram(p);
                }
                else
                {
                    WriteCritical((CriticalResult)result);
                }
            }));
        return command;
    }

    private static Command Pairs()
    {
        var command = new Command("pairs", "Pairs of units, neither critical alone, whose joint loss stops the item, ranked by the capacity they hold upstream.");
        var common = AddCommon(command);
        var item = ItemOption();
        var unit = UnitOption();
        var top = new Option<int?>("--top") { Description = $"how many pairs (1–{NetworkQuestions.MaxTop}, default {NetworkQuestions.DefaultTop})" };
        command.Options.Add(item);
        command.Options.Add(unit);
        command.Options.Add(top);
        command.SetAction((parse, ct) => RunAsync(parse, common, ct,
            (network, _) =>
            {
                var kind = NetworkQuestions.Unit(parse.GetValue(unit));
                var n = NetworkQuestions.Top(parse.GetValue(top));
                var part = NetworkQuestions.Item(network, parse.GetValue(item));
                return Task.FromResult<object>(CriticalUnits.Pairs(network, part.Id, kind, n));
            },
            async (service, trail) => await service.PairsAsync(parse.GetValue(item), NetworkQuestions.Unit(parse.GetValue(unit)), parse.GetValue(top), trail, ct),
            result => WritePairs((CriticalPairsResult)result)));
        return command;
    }

    private static Command ConcentrationCommand()
    {
        var command = new Command("concentration", "How concentrated the item's supply is, per tier and part: shares by country and organization, HHI, single- and sole-source parts.");
        var common = AddCommon(command);
        var item = ItemOption();
        var adversary = new Option<string[]>("--adversary")
        {
            Description = "adversary countries, ISO alpha-2, comma-separated or repeated (default CN,RU,KP,IR)",
            AllowMultipleArgumentsPerToken = false,
        };
        command.Options.Add(item);
        command.Options.Add(adversary);
        command.SetAction((parse, ct) => RunAsync(parse, common, ct,
            (network, _) =>
            {
                var countries = NetworkQuestions.Adversaries(parse.GetValue(adversary));
                var part = NetworkQuestions.Item(network, parse.GetValue(item));
                return Task.FromResult<object>(Concentration.Analyze(network, part.Id, new ConcentrationOptions(countries, [])));
            },
            async (service, trail) => await service.ConcentrationAsync(parse.GetValue(item), NetworkQuestions.Adversaries(parse.GetValue(adversary)), trail, ct),
            result => WriteConcentration((ConcentrationResult)result)));
        return command;
    }

    private static Command Disrupt()
    {
        var command = new Command("disrupt", "What if these units are lost: per end item, producible and maximum monthly output before and after, and the recovery by qualification.");
        var common = AddCommon(command);
        var remove = new Option<string[]>("--remove") { Description = "a unit lost, kind:id (e.g. country:CN, organization:ORG-1); repeat for more" };
        var items = new Option<string[]>("--item") { Description = "an end item to report (part id); repeat for more; default every end item" };
        command.Options.Add(remove);
        command.Options.Add(items);
        command.SetAction((parse, ct) => RunAsync(parse, common, ct,
            (network, _) =>
            {
                var units = NetworkQuestions.Units(network, parse.GetValue(remove));
                if (units.Count == 0)
                {
                    throw new NetworkValidationException("remove", "name at least one unit to remove, as kind:id (e.g. country:CN)");
                }
                var asked = NetworkQuestions.Items(network, parse.GetValue(items));
                return Task.FromResult<object>(NetworkService.Disrupt(network, units, asked));
            },
            async (service, trail) => await service.DisruptAsync(parse.GetValue(remove), parse.GetValue(items), trail, ct),
            result => WriteDisruption((DisruptionResult)result)));
        return command;
    }

    /// <summary>
    /// Reads the network (package or registry), answers, prints. Package problems are printed one per line as
    /// <c>file:line:field: message</c>, question problems as <c>--option: message</c>; both exit 2.
    /// </summary>
    private static async Task<int> RunAsync(
        ParseResult parse,
        Common common,
        CancellationToken ct,
        Func<SupplyNetwork, CancellationToken, Task<object>> onPackage,
        Func<NetworkService, Core.Features.Audit.AuditTrail, Task<object>> onRegistry,
        Action<object> writeTable)
    {
        try
        {
            object result;
            if (parse.GetValue(common.Input) is { Length: > 0 } dir)
            {
                if (parse.GetValue(CommonOptions.Db) is { Length: > 0 } || parse.GetValue(CommonOptions.As) is { Length: > 0 })
                {
                    await Console.Error.WriteLineAsync("--input: analyzes a package folder; --db and --as are for the registry: give one or the other");
                    return ExitCodes.BadInput;
                }
                SupplyNetwork network;
                try
                {
                    network = NetworkPackageReader.Read(dir);
                }
                catch (NetworkPackageException ex)
                {
                    foreach (var problem in ex.Problems)
                    {
                        await Console.Error.WriteLineAsync(problem);
                    }
                    return ExitCodes.BadInput;
                }
                result = await onPackage(network, ct);
            }
            else
            {
                await using var db = await CommonOptions.OpenAsync(parse, ct);
                if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
                {
                    return ExitCodes.BadInput;
                }
                var service = new NetworkService(db, TimeProvider.System);
                result = await onRegistry(service, trail);
                if (service.HiddenOffers is > 0 and var hidden)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"{hidden} offer(s) left out: their part or facility is not visible to this reader"));
                }
            }
            if (parse.GetValue(common.Format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(result, result.GetType(), Indented));
            }
            else
            {
                writeTable(result);
            }
            return ExitCodes.Success;
        }
        catch (NetworkValidationException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"--{OptionName(field)}: {string.Join("; ", messages)}");
            }
            return ExitCodes.BadInput;
        }
    }

    /// <summary>Parts losing capacity shown in the table (JSON has them all).</summary>
    private const int TablePartRows = 30;

    private static string OptionName(string field) => field == "items" ? "item" : field;

    private static string N(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string P(double share) => share.ToString("P0", CultureInfo.InvariantCulture);

    private static void WriteProgram(ProgramCritical p)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(p.Program)}[/] ({Markup.Escape(p.Name)}): {p.Items.Count} end item(s) analyzed");
        foreach (var missing in p.EndItemsNotInNetwork)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(missing)}: not in the network this reader may see");
        }
        if (p.Shared.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns($"{p.Unit} critical to several end items", "name", "end items");
            foreach (var u in p.Shared)
            {
                table.AddRow(Markup.Escape(u.Unit), Markup.Escape(u.Name), Markup.Escape(string.Join(", ", u.Items)));
            }
            AnsiConsole.Write(table);
        }
        foreach (var r in p.Items)
        {
            WriteCritical(r);
        }
    }

    private static void WriteCritical(CriticalResult r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Item)}[/]: {(r.Producible ? "[green]producible[/]" : "[red]not producible[/]")}; "
            + $"{r.Critical.Count} critical {Markup.Escape(r.Unit)}(s) ({r.Stats.UpstreamOffers} offers upstream, {r.Stats.Millis} ms)");
        if (r.Critical.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("unit", "name", "country", "capacity/month", "chain");
            foreach (var c in r.Critical)
            {
                table.AddRow(Markup.Escape(c.Unit), Markup.Escape(c.Name), Markup.Escape(c.Country), N(c.CapacityPerMonth),
                    Markup.Escape(string.Join(" > ", c.Why.Select(w => w.PartId))));
            }
            AnsiConsole.Write(table);
            foreach (var c in r.Critical)
            {
                AnsiConsole.MarkupLine($"[bold]why {Markup.Escape(c.Unit)}[/]");
                foreach (var step in c.Why)
                {
                    AnsiConsole.MarkupLine($"  - {Markup.Escape(step.Text)}");
                }
            }
        }
        foreach (var cycle in r.Cycles)
        {
            AnsiConsole.MarkupLine($"[yellow]cycle[/]: {Markup.Escape(string.Join(" -> ", cycle))}");
        }
    }

    private static void WritePairs(CriticalPairsResult r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Item)}[/]: {(r.Producible ? "[green]producible[/]" : "[red]not producible[/]")}; "
            + $"{r.Pairs.Count} pair(s) of {Markup.Escape(r.Unit)}s ({r.CandidatesExamined} candidates examined, {r.Stats.Millis} ms)");
        if (r.Pairs.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("first", "second", "capacity/month");
            foreach (var p in r.Pairs)
            {
                table.AddRow(Markup.Escape($"{p.First} ({p.FirstName})"), Markup.Escape($"{p.Second} ({p.SecondName})"), N(p.CapacityPerMonth));
            }
            AnsiConsole.Write(table);
        }
    }

    private static void WriteConcentration(ConcentrationResult r)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Item)}[/]: concentration by tier (adversary countries {Markup.Escape(string.Join(",", r.AdversaryCountries))})");
        var tiers = new Table().Border(TableBorder.Rounded);
        tiers.AddColumns("tier", "parts", "capacity/month", "HHI org", "HHI country", "single-source", "sole-source", "adversary", "flagged");
        foreach (var t in r.Tiers)
        {
            tiers.AddRow(t.Tier.ToString(CultureInfo.InvariantCulture), t.Parts.ToString(CultureInfo.InvariantCulture), N(t.CapacityPerMonth),
                N(t.HhiByOrganization), N(t.HhiByCountry), t.SingleSourceParts.ToString(CultureInfo.InvariantCulture),
                t.SoleSourceParts.ToString(CultureInfo.InvariantCulture), P(t.AdversaryShare), P(t.FlaggedShare));
        }
        AnsiConsole.Write(tiers);
        var parts = new Table().Border(TableBorder.Rounded);
        parts.AddColumns("part", "tier", "orgs", "HHI org", "HHI country", "single", "sole", "adversary", "largest country");
        foreach (var p in r.Parts.OrderBy(p => p.Tier).ThenByDescending(p => p.HhiByOrganization).ThenBy(p => p.PartId, StringComparer.Ordinal))
        {
            var top = p.ByCountry.OrderByDescending(s => s.Share).FirstOrDefault();
            parts.AddRow(Markup.Escape($"{p.PartId} ({p.Name})"), p.Tier.ToString(CultureInfo.InvariantCulture), p.Organizations.ToString(CultureInfo.InvariantCulture),
                N(p.HhiByOrganization), N(p.HhiByCountry), p.SingleSource ? "yes" : "", p.SoleSource ? "yes" : "", P(p.AdversaryShare),
                top is null ? "" : Markup.Escape($"{top.Key} {P(top.Share)}"));
        }
        AnsiConsole.Write(parts);
    }

    private static void WriteDisruption(DisruptionResult r)
    {
        AnsiConsole.MarkupLine($"removed [bold]{Markup.Escape(string.Join(", ", r.Removed))}[/]: {r.OffersRemoved} offer(s) lost directly");
        var items = new Table().Border(TableBorder.Rounded);
        items.AddColumns("item", "before", "after", "max/month before", "max/month after", "recovery", "qualify");
        foreach (var i in r.Items)
        {
            var recovery = i.ProducibleAfter ? "" : i.RecoveryMonths is { } m ? $"{m} months" : "none by qualification";
            items.AddRow(Markup.Escape($"{i.PartId} ({i.Name})"), i.ProducibleBefore ? "producible" : "no", i.ProducibleAfter ? "[green]producible[/]" : "[red]stopped[/]",
                i.MaxMonthlyBefore is { } b ? N(b) : "", i.MaxMonthlyAfter is { } a ? N(a) : "", recovery, Markup.Escape(string.Join(", ", i.Qualify)));
        }
        AnsiConsole.Write(items);
        var lost = r.Parts.Where(p => p.CapacityAfter < p.CapacityBefore).OrderByDescending(p => p.LostShare).ThenBy(p => p.PartId, StringComparer.Ordinal).ToList();
        if (lost.Count > 0)
        {
            var parts = new Table().Border(TableBorder.Rounded);
            parts.AddColumns("part losing capacity", "before/month", "after/month", "lost");
            foreach (var p in lost.Take(TablePartRows))
            {
                parts.AddRow(Markup.Escape($"{p.PartId} ({p.Name})"), N(p.CapacityBefore), N(p.CapacityAfter), P(p.LostShare));
            }
            AnsiConsole.Write(parts);
            if (lost.Count > TablePartRows)
            {
                AnsiConsole.MarkupLine($"… and {lost.Count - TablePartRows} more parts lose capacity (--format json lists every part)");
            }
        }
    }
}
