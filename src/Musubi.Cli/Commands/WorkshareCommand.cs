using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Musubi.Core.Data;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Workshare;
using Musubi.Engines.Optimization.Workshare;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi workshare allocate|compare|ledger|contract add</c>: the workshare allocator (issue #7;
/// docs/engines/workshare.md) over the issue's JSON (<c>--input FILE.json</c>) or a registry program (<c>--db</c>
/// <c>--program ID</c> with <c>--plan FILE</c>, read as <c>--as PRINCIPAL</c> through the access policy), and the ledger.
/// JSON output is the engine's <see cref="WorkshareResult"/> in camelCase (the issue's keys: status, objective,
/// allocation, shares, cost, crossBorderInterfaceWeight, conflicts, and more). Exit 0 for an answer — an explained
/// infeasible one too; 2 for bad input, each problem as <c>FILE:line:column: field: message</c> or naming the option;
/// 1 otherwise.
/// </summary>
internal static class WorkshareCommand
{
    private static readonly JsonSerializerOptions Indented = new(WorkshareService.Json)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var command = new Command("workshare", "Workshare and cost-share allocation for co-development programs, and the ledger (issue #7)");
        command.Subcommands.Add(Solve("allocate", "Allocate each work package to one company under capability, capacity, release and balance limits; or name the limits that conflict.", compare: false));
        command.Subcommands.Add(Solve("compare", "The three modes (compartmentalized, integrated, blend) side by side with the same λ, μ, κ.", compare: true));
        command.Subcommands.Add(Ledger());
        var contract = new Command("contract", "Contracts recorded in a program's ledger");
        contract.Subcommands.Add(AddContract());
        command.Subcommands.Add(contract);
        return command;
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static Command Solve(string name, string description, bool compare)
    {
        var command = new Command(name, description);
        var input = new Option<string?>("--input", "-i") { Description = "the issue's JSON input (docs/engines/workshare.md, \"Input\"); without it --program is read from the registry of --db" };
        var program = new Option<string?>("--program") { Description = "a registry program (id) to allocate, as --as may see it" };
        var plan = new Option<string?>("--plan") { Description = "the planning file for --program (docs/formats.md); default: data/demo/workshare/PROGRAM.json when it exists" };
        var mode = new Option<string?>("--mode") { Description = "compartmentalized, integrated or blend (default: the JSON's, else integrated)" };
        var lambda = new Option<double?>("--lambda") { Description = "USD per unit of cross-border interface weight (default 1% of the program's cost)" };
        var mu = new Option<double?>("--mu") { Description = "USD per USD of share deviation from target (default 1)" };
        var kappa = new Option<double?>("--kappa") { Description = "USD per extra nation in a subsystem, blend mode (default 5% of the program's cost)" };
        var limit = new Option<double?>("--time-limit") { Description = "the solver's time limit in seconds, (0, 3600] (default 30): the best allocation found by then is 'feasible' with its proven gap" };
        var save = new Option<string?>("--save") { Description = "save the answer as a run with this name in --db (readable by you only)" };
        var export = new Option<string?>("--export-lp") { Description = "also write the exact model to this file: LP format, or free MPS when the name ends in .mps" };
        var format = FormatOption();
        foreach (var o in new Option[] { input, program, plan, CommonOptions.As, mode, lambda, mu, kappa, limit, save, format })
        {
            command.Options.Add(o);
        }
        if (!compare)
        {
            command.Options.Add(export);
        }
        command.SetAction(async (parse, ct) =>
        {
            var inputPath = parse.GetValue(input);
            var programId = parse.GetValue(program);
            var planPath = parse.GetValue(plan);
            var names = new Names(inputPath, planPath ?? (programId is { Length: > 0 } ? WorkshareService.DemoPlanPath(programId) : null), programId);
            if (string.IsNullOrWhiteSpace(inputPath) == string.IsNullOrWhiteSpace(programId))
            {
                await Console.Error.WriteLineAsync("--input: give the input JSON (--input FILE.json) or a registry program (--db DB --program ID), one of them");
                return ExitCodes.BadInput;
            }
            if (inputPath is { Length: > 0 } && planPath is { Length: > 0 })
            {
                await Console.Error.WriteLineAsync("--plan: a planning file goes with --program; the input JSON holds everything itself");
                return ExitCodes.BadInput;
            }
            WorkshareMode? chosen = null;
            if (parse.GetValue(mode) is { } m)
            {
                if (!WorkshareInputReader.TryMode(m, out var parsed))
                {
                    await Console.Error.WriteLineAsync($"--mode: unknown mode '{m}' (expected one of: compartmentalized, integrated, blend)");
                    return ExitCodes.BadInput;
                }
                chosen = parsed;
            }
            try
            {
                var question = new WorkshareQuestion(
                    inputPath is { Length: > 0 } ? await ReadTextAsync(inputPath, ct) : null,
                    programId,
                    planPath is { Length: > 0 } ? await ReadTextAsync(planPath, ct) : null,
                    chosen, parse.GetValue(lambda), parse.GetValue(mu), parse.GetValue(kappa), parse.GetValue(limit), inputPath, planPath);
                var saveName = parse.GetValue(save);
                WorkshareAnswer answer;
                WorkshareService.Prepared prepared;
                string? runId = null;
                if (question.InputJson is not null && saveName is null)
                {
                    var taxonomy = File.Exists(WorkshareTaxonomy.DefaultPath) ? WorkshareTaxonomy.FromFile(WorkshareTaxonomy.DefaultPath) : null;
                    prepared = WorkshareService.PrepareInput(question, taxonomy);
                    answer = compare ? WorkshareService.Compare(prepared) : WorkshareService.Allocate(prepared);
                }
                else
                {
                    await using var db = await CommonOptions.OpenAsync(parse, ct);
                    if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
                    {
                        return ExitCodes.BadInput;
                    }
                    var service = new WorkshareService(db, TimeProvider.System);
                    prepared = await service.PrepareAsync(question, ct);
                    answer = compare ? WorkshareService.Compare(prepared) : WorkshareService.Allocate(prepared);
                    if (saveName is not null)
                    {
                        runId = (await service.SaveAsync(saveName, answer, trail, ct)).Id;
                    }
                }
                foreach (var note in answer.Notes)
                {
                    await Console.Error.WriteLineAsync("note: " + note);
                }
                if (!compare && parse.GetValue(export) is { Length: > 0 } exportPath)
                {
                    if (answer.Result.Conflicts.Any(c => c.Kind == "no_candidate"))
                    {
                        // No model exists when a package has no company that may take it; the conflicts say which.
                        await Console.Error.WriteLineAsync($"note: --export-lp: nothing written to {exportPath}: a work package has no candidate company, so there is no model (see the conflicts)");
                    }
                    else
                    {
                        var text = exportPath.EndsWith(".mps", StringComparison.OrdinalIgnoreCase) ? WorkshareService.ExportMps(prepared) : WorkshareService.ExportLp(prepared);
                        await File.WriteAllTextAsync(exportPath, text, ct);
                    }
                }
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(compare ? ComparisonJson(answer, runId) : ResultJson(answer.Result, runId, answer.Releases));
                }
                else
                {
                    WriteTables(answer, runId);
                }
                return ExitCodes.Success;
            }
            catch (WorkshareInputException ex)
            {
                foreach (var e in ex.Errors)
                {
                    await Console.Error.WriteLineAsync(names.Where(e));
                }
                return ExitCodes.BadInput;
            }
            catch (WorkshareNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"--program: {ex.Message} (no such program, or not visible to this reader)");
                return ExitCodes.BadInput;
            }
            catch (FileNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"{ex.FileName}: no such file");
                return ExitCodes.BadInput;
            }
            catch (DirectoryNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"no such file or folder: {ex.Message}");
                return ExitCodes.BadInput;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"cannot read or write a file: {ex.Message}");
                return ExitCodes.Failure;
            }
        });
        return command;
    }

    private static async Task<string> ReadTextAsync(string path, CancellationToken ct)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new FileNotFoundException("no such file", path);
        }
        if (info.Length > WorkshareJson.MaxLength)
        {
            throw new WorkshareInputException([new WorkshareInputError("$", string.Create(CultureInfo.InvariantCulture, $"is larger than {WorkshareJson.MaxLength} bytes"), "file:" + path, 0, 0)]);
        }
        return await File.ReadAllTextAsync(path, ct);
    }

    /// <summary>How an error names where it was written: <c>FILE:line:column: field: message</c>, the option, or the registry program.</summary>
    private sealed record Names(string? Input, string? Plan, string? Program)
    {
        public string Where(WorkshareInputError e)
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"{e.Line}:{e.Column}");
            return e.Source switch
            {
                "input" => $"{Input ?? "input"}:{at}: {e.Field}: {e.Message}",
                "plan" => $"{Plan ?? "plan"}:{at}: {e.Field}: {e.Message}",
                "registry" => $"--program {Program}: {e.Field}: {e.Message} (in the registry)",
                "options" => $"{Option(e.Field)}: {e.Message}",
                _ when e.Source.StartsWith("file:", StringComparison.Ordinal) => $"{e.Source[5..]}:{at}: {e.Field}: {e.Message}",
                _ => $"{e.Field}: {e.Message}",
            };
        }

        private static string Option(string field) => field switch
        {
            "timeLimitSeconds" => "--time-limit",
            "input" => "--input",
            "programId" => "--program",
            "name" => "--save",
            "valueUsd" => "--value",
            "companyId" => "--company",
            _ => "--" + field,
        };
    }

    /// <summary>
    /// One result as JSON: the engine's record in camelCase, with <c>runId</c> when saved and <c>releases</c> (the release
    /// limits derived from work packages' transfer cases) when any package has one.
    /// </summary>
    internal static string ResultJson(WorkshareResult result, string? runId, IReadOnlyList<WorkshareRelease>? releases = null)
    {
        var node = JsonSerializer.SerializeToNode(result, WorkshareService.Json)!.AsObject();
        if (releases is { Count: > 0 })
        {
            node["releases"] = JsonSerializer.SerializeToNode(releases, WorkshareService.Json);
        }
        if (runId is not null)
        {
            node["runId"] = runId;
        }
        return node.ToJsonString(Indented);
    }

    private static string ComparisonJson(WorkshareAnswer answer, string? runId)
    {
        var node = new JsonObject
        {
            ["program"] = answer.Problem.Program,
            ["results"] = JsonSerializer.SerializeToNode(answer.Results, WorkshareService.Json),
        };
        if (answer.Releases.Count > 0)
        {
            node["releases"] = JsonSerializer.SerializeToNode(answer.Releases, WorkshareService.Json);
        }
        if (runId is not null)
        {
            node["runId"] = runId;
        }
        return node.ToJsonString(Indented);
    }

    private static string Usd(double? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "";

    private static string Pct(double value) => value.ToString("0.0%", CultureInfo.InvariantCulture);

    private static void WriteTables(WorkshareAnswer answer, string? runId)
    {
        if (answer.Compared)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("mode", "status", "objective USD", "cost USD", "cross-border weight", "split subsystems");
            foreach (var r in answer.Results)
            {
                table.AddRow(WorkshareInputReader.ModeName(r.Mode), Markup.Escape(r.Status), Usd(r.Objective), Usd(r.Cost),
                    r.CrossBorderInterfaceWeight is { } w ? w.ToString("0.##", CultureInfo.InvariantCulture) : "", Markup.Escape(string.Join(", ", r.SplitSubsystems)));
            }
            AnsiConsole.Write(table);
        }
        WriteReleases(answer.Releases);
        foreach (var r in answer.Results)
        {
            WriteResult(r, answer.Problem);
        }
        if (runId is not null)
        {
            AnsiConsole.MarkupLine($"saved as run [bold]{Markup.Escape(runId)}[/]");
        }
    }

    /// <summary>Release limits derived from transfer cases: per package, each partner nation's verdict under issue #3's rules.</summary>
    private static void WriteReleases(IReadOnlyList<WorkshareRelease> releases)
    {
        if (releases.Count == 0)
        {
            return;
        }
        var table = new Table().Border(TableBorder.Rounded).Title("release limits from the transfer rules");
        table.AddColumns("work package", "from", "date", "nation", "verdict", "approvals", "rules");
        foreach (var release in releases)
        {
            foreach (var n in release.Nations)
            {
                var verdict = n.Releasable && release.ReleasableTo.Contains(n.Nation, StringComparer.Ordinal) ? $"[green]{Markup.Escape(n.Verdict)}[/]"
                    : n.Releasable ? $"[yellow]{Markup.Escape(n.Verdict)} (not in releasableTo)[/]" : $"[red]{Markup.Escape(n.Verdict)}[/]";
                table.AddRow(Markup.Escape(release.WorkPackage), Markup.Escape(release.From), release.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    Markup.Escape(n.Nation), verdict, Markup.Escape(string.Join(", ", n.Approvals)), Markup.Escape(string.Join(", ", n.Rules)));
            }
        }
        AnsiConsole.Write(table);
    }

    private static void WriteResult(WorkshareResult r, WorkshareProblem problem)
    {
        var status = r.Status is "optimal" or "feasible" ? $"[green]{Markup.Escape(r.Status)}[/]" : $"[red]{Markup.Escape(r.Status)}[/]";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(r.Program)}[/], {WorkshareInputReader.ModeName(r.Mode)} mode, policy {WorkshareInputReader.PolicyName(r.Policy)}: {status}"
            + (r.Objective is { } o ? $", objective {Usd(o)} USD" : "")
            + (r.Cost is { } c ? $", cost {Usd(c)} USD" : "")
            + (r.CrossBorderInterfaceWeight is { } w ? string.Create(CultureInfo.InvariantCulture, $", cross-border interface weight {w:0.##}") : "")
            + string.Create(CultureInfo.InvariantCulture, $" (λ {Usd(r.Lambda)}, μ {r.Mu:0.###}, κ {Usd(r.Kappa)}; {r.Solve.Variables:N0} variables, {r.Solve.BuildSeconds + r.Solve.SolveSeconds:0.###} s)"));
        if (r.Solve.Gap is { } gap && r.Status == "feasible")
        {
            AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"  proven gap {gap:0.####%} at the time limit"));
        }
        if (r.Allocation.Count > 0)
        {
            var names = problem.WorkPackages.ToDictionary(w => w.Id, w => w.Name, StringComparer.Ordinal);
            var companies = problem.Companies.ToDictionary(k => k.Id, k => k.Name, StringComparer.Ordinal);
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("work package", "company", "nation", "value USD", "cost USD");
            foreach (var a in r.Allocation)
            {
                table.AddRow(Markup.Escape($"{a.WorkPackage} ({names.GetValueOrDefault(a.WorkPackage, a.WorkPackage)})"),
                    Markup.Escape($"{a.Company} ({companies.GetValueOrDefault(a.Company, a.Company)})"), Markup.Escape(a.Nation), Usd(a.Value), Usd(a.Cost));
            }
            AnsiConsole.Write(table);
        }
        if (r.Shares.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded);
            table.AddColumns("nation", "target", "actual", "band", "work USD");
            foreach (var s in r.Shares)
            {
                table.AddRow(Markup.Escape(s.Nation), Pct(s.Target), Pct(s.Actual), $"{Pct(s.Lower)}–{Pct(s.Upper)}", Usd(s.Work));
            }
            AnsiConsole.Write(table);
        }
        foreach (var conflict in r.Conflicts)
        {
            AnsiConsole.MarkupLine($"[yellow]conflict[/] ({Markup.Escape(conflict.Kind)}): {Markup.Escape(conflict.Message)}");
        }
    }

    private static Command Ledger()
    {
        var command = new Command("ledger", "Each nation's work share against its cost share per program and globally, from recorded contracts or the latest saved allocation; flags imbalance beyond the tolerance.");
        var program = new Option<string?>("--program") { Description = "one program (default: every program with contracts or a saved allocation)" };
        var format = FormatOption();
        command.Options.Add(program);
        command.Options.Add(CommonOptions.As);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct))
            {
                return ExitCodes.BadInput;
            }
            try
            {
                var ledger = await new WorkshareService(db, TimeProvider.System).LedgerAsync(parse.GetValue(program), ct);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(ledger, Indented));
                }
                else
                {
                    WriteLedger(ledger);
                }
                return ExitCodes.Success;
            }
            catch (WorkshareNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"--program: {ex.Message} (no such program, or not visible to this reader)");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }

    private static void WriteLedger(WorkshareLedger ledger)
    {
        if (ledger.Programs.Count == 0)
        {
            AnsiConsole.MarkupLine("no program has contracts or a saved allocation yet");
            return;
        }
        foreach (var p in ledger.Programs)
        {
            AnsiConsole.MarkupLine($"[bold]{Markup.Escape(p.ProgramId)}[/] ({Markup.Escape(p.Name)}): work from {Markup.Escape(p.Basis)}"
                + (p.RunId is { } run ? $" (run {Markup.Escape(run)})" : "") + $", total {Usd(p.Total)} USD, tolerance {Pct(p.Tolerance)}");
            WriteNations(p.Nations);
        }
        AnsiConsole.MarkupLine($"[bold]global[/] (all programs above, tolerance {Pct(ledger.GlobalTolerance)})");
        WriteNations(ledger.Global);
    }

    private static void WriteNations(IReadOnlyList<WorkshareLedgerNation> nations)
    {
        var table = new Table().Border(TableBorder.Rounded);
        table.AddColumns("nation", "cost share", "work share", "deviation", "work USD", "funding USD", "flag");
        foreach (var n in nations)
        {
            table.AddRow(Markup.Escape(n.Nation), Pct(n.CostShare), Pct(n.WorkShare), (n.Deviation >= 0 ? "+" : "") + Pct(n.Deviation), Usd(n.Work), Usd(n.Funding),
                n.Flagged ? "[red]beyond tolerance[/]" : "");
        }
        AnsiConsole.Write(table);
    }

    private static Command AddContract()
    {
        var command = new Command("add", "Record a contract in a program's ledger (audited).");
        var program = new Option<string?>("--program") { Description = "the program (id)", Required = true };
        var nation = new Option<string?>("--nation") { Description = "the nation whose industry got the work (ISO alpha-2, a partner)", Required = true };
        var value = new Option<double?>("--value") { Description = "the contract value in USD (> 0)", Required = true };
        var date = new Option<string?>("--date") { Description = "the contract date, YYYY-MM-DD", Required = true };
        var company = new Option<string?>("--company") { Description = "the organization holding the contract (id; of that nation)" };
        var reference = new Option<string?>("--reference") { Description = "a reference (contract number, note; one line)" };
        var format = FormatOption();
        foreach (var o in new Option[] { program, nation, value, date, company, reference, CommonOptions.As, format })
        {
            command.Options.Add(o);
        }
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null || !await CommonOptions.ApplyAsAsync(parse, db, ct) || AuditCommand.Trail(parse) is not { } trail)
            {
                return ExitCodes.BadInput;
            }
            try
            {
                var view = await new WorkshareService(db, TimeProvider.System).AddContractAsync(new WorkshareContractInput(
                    parse.GetValue(program), parse.GetValue(nation), parse.GetValue(value), parse.GetValue(date), parse.GetValue(company), parse.GetValue(reference)), trail, ct);
                if (parse.GetValue(format) == "json")
                {
                    await Console.Out.WriteLineAsync(JsonSerializer.Serialize(view, Indented));
                }
                else
                {
                    AnsiConsole.MarkupLine($"recorded contract [bold]{Markup.Escape(view.Id)}[/]: {Markup.Escape(view.ProgramId)}, {Markup.Escape(view.Nation)}"
                        + (view.CompanyId is { } c ? $" ({Markup.Escape(c)})" : "") + $", {Usd(view.ValueUsd)} USD on {view.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
                }
                return ExitCodes.Success;
            }
            catch (WorkshareInputException ex)
            {
                var names = new Names(null, null, parse.GetValue(program));
                foreach (var e in ex.Errors)
                {
                    await Console.Error.WriteLineAsync(names.Where(e));
                }
                return ExitCodes.BadInput;
            }
            catch (WorkshareNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"--program: {ex.Message} (no such program, or not visible to this reader)");
                return ExitCodes.BadInput;
            }
        });
        return command;
    }
}
