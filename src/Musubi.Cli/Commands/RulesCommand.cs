using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary><c>musubi rules check|list</c>: validate the transfer rule and world files; list the rules in force.</summary>
internal static class RulesCommand
{
    public static Command Build()
    {
        var command = new Command("rules", "The transfer-eligibility rules (data/rules) and world facts (data/world).");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(List());
        return command;
    }

    /// <summary>The repository's <c>data/</c> holding <c>rules/</c>, found from the working directory upwards, or null.</summary>
    internal static string? RepositoryData()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var data = Path.Combine(dir.FullName, "data");
            if (Directory.Exists(Path.Combine(data, "rules")) && Directory.Exists(Path.Combine(data, "world")))
            {
                return data;
            }
        }
        return null;
    }

    private static Command Check()
    {
        var dir = new Option<string?>("--dir")
        {
            Description = "the folder holding rules/ and world/ (default: the repository's data/ when run inside it, else the rule set built into musubi)",
        };
        var command = new Command("check", "Validate rule and world files (schema, overlapping versions of one rule id, unknown country or approval codes, missing citations); exit 2 listing every problem as file:line:field: message.")
        {
            dir,
        };
        command.SetAction(async (parse, ct) =>
        {
            var folder = parse.GetValue(dir) ?? RepositoryData();
            RuleSet set;
            if (folder is null)
            {
                set = RuleSet.LoadDefault();
                await Console.Out.WriteLineAsync("checked the rule set built into musubi (no data/ folder here; give --dir)");
            }
            else
            {
                if (!Directory.Exists(folder))
                {
                    await Console.Error.WriteLineAsync($"--dir: '{folder}' is not a folder");
                    return ExitCodes.BadInput;
                }
                var load = RuleSet.LoadDirectory(folder);
                if (load.Set is null || load.Problems.Count > 0)
                {
                    foreach (var p in load.Problems)
                    {
                        var file = Path.IsPathRooted(p.File) ? p.File : Path.Combine(folder, p.File);
                        await Console.Error.WriteLineAsync((p with { File = file }).ToString());
                    }
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{load.Problems.Count} problem(s) in {folder}: the rule set does not load"));
                    return ExitCodes.BadInput;
                }
                set = load.Set;
                await Console.Out.WriteLineAsync($"checked {folder}");
            }
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{set.Rules.Count} rules, {set.Jurisdictions.Count} jurisdictions, {set.Approvals.Count} approval codes, {set.Groups.Count} country groups; hash {set.Hash}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List()
    {
        var asOf = new Option<string?>("--as-of") { Description = "only rules in force on this date (YYYY-MM-DD)" };
        var jurisdiction = new Option<string?>("--jurisdiction", "-j") { Description = "only this jurisdiction's rules (JP, US…)" };
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var command = new Command("list", "List the rules with their effective dates, effects, approvals and citations.")
        {
            asOf, jurisdiction, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var service = new TransferService(TimeProvider.System);
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            var view = service.ListRules(parse.GetValue(jurisdiction), parse.GetValue(asOf), errors);
            if (view is null)
            {
                foreach (var (field, messages) in errors)
                {
                    await Console.Error.WriteLineAsync($"--{(field == "asOf" ? "as-of" : field)}: {string.Join("; ", messages)}");
                }
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, TransfersCommand.Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "id", "jur.", "from", "to", "effect", "approvals", "title", "citation" })
            {
                table.AddColumn(c);
            }
            foreach (var r in view.Rules)
            {
                table.AddRow(Markup.Escape(r.Id), r.Jurisdiction, F(r.EffectiveFrom), F(r.EffectiveTo), r.Effect + (r.Baseline ? " (baseline)" : ""),
                    Markup.Escape(string.Join(" ", r.Approvals)), Markup.Escape(r.Title), Markup.Escape(r.Citation));
            }
            AnsiConsole.Write(table);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{view.Count} rules; rule set {view.Hash}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string F(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
