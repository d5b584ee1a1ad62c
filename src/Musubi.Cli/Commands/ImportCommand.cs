using System.CommandLine;
using System.Globalization;
using Musubi.Core.Features.Import;
using Spectre.Console;

namespace Musubi.Cli.Commands;

internal static class ImportCommand
{
    private static readonly System.Text.Json.JsonSerializerOptions JsonOutput = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Build()
    {
        var paths = new Argument<string[]>("paths") { Description = "files or folders (docs/formats.md)", Arity = ArgumentArity.OneOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "check everything, write nothing" };
        var maxBytes = new Option<long>("--max-file-bytes") { Description = "reject larger files", DefaultValueFactory = _ => 2L << 30 };
        var timings = new Option<bool>("--timings") { Description = "print the seconds each stage took (stderr)" };
        var format = new Option<string>("--format") { Description = "text (default) or json: the report as one JSON object on stdout", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("import", "Import files all-or-nothing: every error is listed as file:line:field and nothing is written.") { paths, dryRun, maxBytes, timings, format };
        command.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null)
            {
                return ExitCodes.BadInput;
            }
            var service = new ImportService(db, TimeProvider.System, AuditCommand.Trail(parse));
            var options = new ImportOptions { DryRun = parse.GetValue(dryRun), MaxFileBytes = parse.GetValue(maxBytes) };
            var report = await WithProgressAsync(p => service.ImportAsync(parse.GetValue(paths)!, options, p, ct));
            if (parse.GetValue(timings))
            {
                foreach (var (stage, seconds) in report.Timings)
                {
                    await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{seconds,8:F2} s  {stage}"));
                }
            }
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(new
                {
                    succeeded = report.Succeeded,
                    dryRun = report.DryRun,
                    records = report.Upserted,
                    errorCount = report.ErrorCount,
                    errors = report.Errors,
                    timings = report.Timings,
                }, JsonOutput));
                return report.Succeeded ? ExitCodes.Success : ExitCodes.BadInput;
            }
            return await ReportAsync(report);
        });
        return command;
    }

    /// <summary>A progress bar on an interactive terminal; stage lines on stderr otherwise (logs, CI).</summary>
    internal static async Task<ImportReport> WithProgressAsync(Func<IProgress<ImportProgress>, Task<ImportReport>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (!console.Profile.Capabilities.Interactive)
        {
            // Logs and CI: no bar to redraw, and the errors must stay readable.
            return await run(new Progress<ImportProgress>());
        }
        ImportReport? report = null;
        await console.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("reading", maxValue: 1);
                report = await run(new Progress<ImportProgress>(p =>
                {
                    task.Description = p.Stage;
                    if (p.Total > 0)
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }
                }));
                task.Value = task.MaxValue;
            });
        return report!;
    }

    internal static async Task<int> ReportAsync(ImportReport report)
    {
        if (!report.Succeeded)
        {
            foreach (var line in report.Errors)
            {
                await Console.Error.WriteLineAsync(line);
            }
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"import failed: {report.ErrorCount} error(s); nothing was written"));
            return ExitCodes.BadInput;
        }
        var summary = string.Join(", ", report.Upserted.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Value:N0} {kv.Key}")));
        await Console.Out.WriteLineAsync(report.DryRun ? $"dry run: would import {summary}" : $"imported {summary}");
        return ExitCodes.Success;
    }
}
