using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi transfers check|timeline|recheck</c>: the transfer-eligibility engine on the command line, with the same
/// reading, date window and answers as the API (<see cref="TransferService"/>).
/// </summary>
internal static class TransfersCommand
{
    internal static readonly JsonSerializerOptions Indented = new(TransferJson.Options)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    public static Command Build()
    {
        var command = new Command("transfers", "Transfer eligibility: may this item go from A to B on this date, and what does it need? (issue #3)");
        command.Subcommands.Add(Check());
        command.Subcommands.Add(Timeline());
        command.Subcommands.Add(Recheck());
        return command;
    }

    /// <summary>--rules DIR: a data directory (rules/ and world/) to answer with instead of the built-in rule set, e.g. a working copy with a proposed rule change.</summary>
    private static Option<string?> RulesOption() => new("--rules")
    {
        Description = "a data directory holding rules/ and world/ to use instead of the built-in rule set (e.g. a proposed rule change)",
    };

    /// <summary>The service for --rules (or the built-in set); null, with every problem on stderr as file:line:field, when the directory does not load.</summary>
    private static async Task<TransferService?> ServiceAsync(ParseResult parse, Option<string?> rules)
    {
        if (parse.GetValue(rules) is not { Length: > 0 } dir)
        {
            return new TransferService(TimeProvider.System);
        }
        var load = RuleSet.LoadDirectory(dir);
        if (load.Set is null)
        {
            foreach (var p in load.Problems)
            {
                await Console.Error.WriteLineAsync(p.File == dir ? $"--rules: {dir}: {p.Message}" : Path.Combine(dir, p.ToString()));
            }
            return null;
        }
        return new TransferService(TimeProvider.System, load.Set);
    }

    private static Option<string> InputOption() => new("--input", "-i")
    {
        Description = "a JSON file with one case or an array of cases (the API's contract)",
        Required = true,
    };

    /// <summary>Reads the input file; on a problem writes <c>file:line:field: message</c> lines to stderr and returns null.</summary>
    private static async Task<TransferInput?> ReadAsync(TransferService service, string file, DateOnly? asOf, CancellationToken ct)
    {
        string text;
        try
        {
            text = await File.ReadAllTextAsync(file, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"--input: cannot read '{file}': {ex.Message}");
            return null;
        }
        var input = service.Read(text, asOf);
        if (!input.Ok)
        {
            foreach (var p in input.Problems)
            {
                await Console.Error.WriteLineAsync(p.At(file));
            }
            return null;
        }
        return input;
    }

    /// <summary>Parses a date option; on a problem writes <c>--name: …</c> and returns false.</summary>
    private static async Task<(bool Ok, DateOnly? Date)> DateAsync(TransferService service, string? text, string option)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var date = service.ParseDate(text, option, errors);
        foreach (var (field, messages) in errors)
        {
            await Console.Error.WriteLineAsync($"{field}: {string.Join("; ", messages)}");
        }
        return (errors.Count == 0, date);
    }

    private static Command Check()
    {
        var input = InputOption();
        var asOf = new Option<string?>("--as-of") { Description = "evaluate every case as of this date (YYYY-MM-DD) instead of its own" };
        var format = FormatOption();
        var save = new Option<bool>("--save") { Description = "save each answer as a check (with the rule set's hash) in the database named by --db" };
        var marking = new Option<string?>("--marking") { Description = "with --save: the checks' marking banner, e.g. 'CUI//REL TO USA, JPN'" };
        var needToKnow = new Option<string?>("--need-to-know") { Description = "with --save: the program whose members alone may read the checks" };
        var rules = RulesOption();
        var command = new Command("check", "Evaluate the cases in a file: verdict, each jurisdiction's gate with its rules and citations, approvals, notifications.")
        {
            input, asOf, format, save, marking, needToKnow, rules,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (await ServiceAsync(parse, rules) is not { } service)
            {
                return ExitCodes.BadInput;
            }
            var (dateOk, date) = await DateAsync(service, parse.GetValue(asOf), "--as-of");
            if (!dateOk)
            {
                return ExitCodes.BadInput;
            }
            var file = parse.GetValue(input)!;
            var read = await ReadAsync(service, file, date, ct);
            if (read is null)
            {
                return ExitCodes.BadInput;
            }
            var evaluated = service.Evaluate(read, date);
            IReadOnlyList<TransferCheck> saved = [];
            if (parse.GetValue(save))
            {
                var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
                var mark = TransferService.CheckMarking(parse.GetValue(marking), parse.GetValue(needToKnow), AccessScope.System, errors);
                if (mark is null)
                {
                    foreach (var (field, messages) in errors)
                    {
                        await Console.Error.WriteLineAsync($"--{(field == "needToKnow" ? "need-to-know" : field)}: {string.Join("; ", messages)}");
                    }
                    return ExitCodes.BadInput;
                }
                await using var db = await CommonOptions.OpenAsync(parse, ct);
                if (db is null || AuditCommand.Trail(parse) is not { } trail)
                {
                    return ExitCodes.BadInput;
                }
                saved = await service.SaveAsync(db, evaluated, mark, trail, ct);
            }
            if (parse.GetValue(format) == "json")
            {
                var nodes = evaluated.Select((e, i) =>
                {
                    var node = JsonSerializer.SerializeToNode(e.Result, TransferJson.Options)!.AsObject();
                    if (i < saved.Count)
                    {
                        node["checkId"] = saved[i].Id;
                        node["ruleSetHash"] = saved[i].RuleSetHash;
                    }
                    return node;
                }).ToList();
                JsonNode output = read.WasArray ? new JsonArray([.. nodes]) : nodes[0];
                await Console.Out.WriteLineAsync(output.ToJsonString(Indented));
            }
            else
            {
                for (var i = 0; i < evaluated.Count; i++)
                {
                    WriteResult(service.Rules, evaluated[i].Result, i < saved.Count ? saved[i].Id : null);
                }
                await Console.Error.WriteLineAsync($"rule set {service.Rules.Hash}");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "open";

    private static void WriteResult(RuleSet rules, TransferResult r, string? checkId)
    {
        var verdict = TransferService.VerdictText(r.Verdict);
        var colour = r.Verdict switch
        {
            TransferVerdict.Permitted => "green",
            TransferVerdict.PermittedWithApproval => "yellow",
            _ => "red",
        };
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Id ?? "case")}[/] as of {Date(r.AsOf)}: [{colour} bold]{verdict}[/]"
            + (checkId is null ? "" : $" (saved as {Markup.Escape(checkId)})"));
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var c in new[] { "gate", "verdict", "rule", "effect", "from", "citation" })
        {
            table.AddColumn(c);
        }
        foreach (var g in r.Gates)
        {
            if (g.Rules.Count == 0)
            {
                table.AddRow(Markup.Escape(g.Jurisdiction), TransferService.VerdictText(g.Verdict), "—", "", "", "");
            }
            for (var i = 0; i < g.Rules.Count; i++)
            {
                var rule = g.Rules[i];
                table.AddRow(i == 0 ? Markup.Escape(g.Jurisdiction) : "", i == 0 ? TransferService.VerdictText(g.Verdict) : "",
                    Markup.Escape(rule.Id), RuleView.EffectText(rule.Effect), Date(rule.EffectiveFrom), Markup.Escape(rule.Citation));
            }
        }
        AnsiConsole.Write(table);
        foreach (var a in r.Approvals)
        {
            var info = rules.Approvals.FirstOrDefault(x => x.Code == a);
            AnsiConsole.MarkupLine($"  approval [bold]{Markup.Escape(a)}[/]{(info is null ? "" : " — " + Markup.Escape(info.Description))}");
        }
        foreach (var n in r.Notifications)
        {
            AnsiConsole.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"  notification {n.Body} {n.Section}{(n.ReviewDays is { } d ? $", {d} days' review" : "")} ({n.Timing}; {n.Rule})")));
        }
        foreach (var u in r.Uncertain)
        {
            AnsiConsole.MarkupLine($"  [yellow]uncertain[/]: {Markup.Escape(u)}");
        }
        AnsiConsole.WriteLine();
    }

    private static Command Timeline()
    {
        var input = InputOption();
        var from = new Option<string>("--from") { Description = "first date (YYYY-MM-DD)", Required = true };
        var to = new Option<string>("--to") { Description = "last date (YYYY-MM-DD)", Required = true };
        var format = FormatOption();
        var rules = RulesOption();
        var command = new Command("timeline", "Every date in a range on which a case's answer changes, and the rules that changed it.")
        {
            input, from, to, format, rules,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (await ServiceAsync(parse, rules) is not { } service)
            {
                return ExitCodes.BadInput;
            }
            var (fromOk, f) = await DateAsync(service, parse.GetValue(from), "--from");
            var (toOk, t) = await DateAsync(service, parse.GetValue(to), "--to");
            if (!fromOk || !toOk)
            {
                return ExitCodes.BadInput;
            }
            if (t < f)
            {
                await Console.Error.WriteLineAsync($"--to: {Date(t)} is before --from ({Date(f)})");
                return ExitCodes.BadInput;
            }
            var read = await ReadAsync(service, parse.GetValue(input)!, f, ct);
            if (read is null)
            {
                return ExitCodes.BadInput;
            }
            var timelines = read.Cases.Select(c => service.Timeline(c.Case, f!.Value, t!.Value)).ToList();
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(read.WasArray
                    ? JsonSerializer.Serialize(timelines, Indented)
                    : JsonSerializer.Serialize(timelines[0], Indented));
                return ExitCodes.Success;
            }
            foreach (var tl in timelines)
            {
                AnsiConsole.MarkupLine($"[bold]{Markup.Escape(tl.Id ?? "case")}[/] {Date(tl.From)} → {Date(tl.To)}: starts {TransferService.VerdictText(tl.Initial.Verdict)}");
                var table = new Table().Border(TableBorder.Rounded);
                foreach (var c in new[] { "date", "verdict", "was", "rules started", "rules ended", "facts" })
                {
                    table.AddColumn(c);
                }
                foreach (var ch in tl.Changes)
                {
                    table.AddRow(Date(ch.Date), TransferService.VerdictText(ch.Verdict), ch.VerdictChanged ? TransferService.VerdictText(ch.PreviousVerdict) : "(same)",
                        Markup.Escape(string.Join(" ", ch.RulesStarted)), Markup.Escape(string.Join(" ", ch.RulesEnded)), Markup.Escape(string.Join(" ", ch.Facts)));
                }
                AnsiConsole.Write(table);
                AnsiConsole.WriteLine();
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Recheck()
    {
        var format = FormatOption();
        var rules = RulesOption();
        var command = new Command("recheck", "Re-evaluate every saved check with the current rules (or --rules DIR); list those whose verdict changes.")
        {
            format, CommonOptions.As, rules,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct))
            {
                return ExitCodes.BadInput;
            }
            if (await ServiceAsync(parse, rules) is not { } service)
            {
                return ExitCodes.BadInput;
            }
            var report = await service.RecheckAsync(db, ct);
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Indented));
                return ExitCodes.Success;
            }
            var table = new Table().Border(TableBorder.Rounded);
            foreach (var c in new[] { "check", "case", "from", "to", "as of", "saved verdict", "now", "saved under" })
            {
                table.AddColumn(c);
            }
            foreach (var c in report.Changes)
            {
                table.AddRow(Markup.Escape(c.Id), Markup.Escape(c.CaseId ?? ""), c.From, c.To, Date(c.AsOf), c.SavedVerdict, c.CurrentVerdict, Markup.Escape(c.SavedHash[..Math.Min(c.SavedHash.Length, 19)]));
            }
            AnsiConsole.Write(table);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{report.Changes.Count} of {report.Total} saved checks change verdict under rule set {report.CurrentHash} ({report.Reevaluated} re-evaluated, the rest were saved under it)"));
            return ExitCodes.Success;
        });
        return command;
    }
}
