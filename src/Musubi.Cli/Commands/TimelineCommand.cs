using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Features.Timelines;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi timeline align</c> (issue #10; docs/engines/timelines.md, docs/formats.md §7): the earliest schedule of a
/// joint plan over the U.S. and Japanese calendars — dates per step, slack, the critical path, fiscal years and missed
/// deadlines — with a what-if (<c>--what-if STEP=YYYY-MM[-DD]</c>: that step cannot start before then) and the
/// milestones as an iCalendar file (<c>--ics FILE</c>). JSON is <see cref="TimelineAlignment"/> in camelCase. Exit 0 for a
/// schedule (a late one too, status <c>late</c>); 2 for bad input, each problem as <c>FILE:line:column: field: message</c>
/// or naming the option; 1 when a file cannot be read or written.
/// </summary>
internal static class TimelineCommand
{
    public static Command Build()
    {
        var command = new Command("timeline", "Acquisition timeline alignment over two governments' calendars (issue #10)");
        command.Subcommands.Add(Align());
        return command;
    }

    private static Command Align()
    {
        var command = new Command("align", "Earliest dates per step, slack and critical path of a joint plan over the U.S. and Japanese fiscal calendars (docs/formats.md §7).");
        var input = new Option<string?>("--input", "-i") { Description = "the align input (JSON, docs/formats.md §7); the demo's are in data/demo/timelines" };
        var whatIf = new Option<string?>("--what-if") { Description = "STEP=YYYY-MM or STEP=YYYY-MM-DD: what if that step cannot start before then" };
        var ics = new Option<string?>("--ics") { Description = "also write the milestones (one all-day event per step finish) to this iCalendar file" };
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        command.Options.Add(input);
        command.Options.Add(whatIf);
        command.Options.Add(ics);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(input);
            if (string.IsNullOrWhiteSpace(path))
            {
                await Console.Error.WriteLineAsync("--input: give the align input (--input FILE.json)");
                return ExitCodes.BadInput;
            }
            TimelineWhatIf? what = null;
            if (parse.GetValue(whatIf) is { } w)
            {
                var eq = w.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    await Console.Error.WriteLineAsync("--what-if: expected STEP=YYYY-MM or STEP=YYYY-MM-DD");
                    return ExitCodes.BadInput;
                }
                if (!TimelinesService.TryMonthOrDate(w[(eq + 1)..].Trim(), out var date, out var problem))
                {
                    await Console.Error.WriteLineAsync($"--what-if: {problem}");
                    return ExitCodes.BadInput;
                }
                what = new TimelineWhatIf(w[..eq].Trim(), date);
            }
            string text;
            try
            {
                var info = new FileInfo(path);
                if (!info.Exists)
                {
                    await Console.Error.WriteLineAsync($"--input: no such file {path}");
                    return ExitCodes.BadInput;
                }
                if (info.Length > Core.Features.Workshare.WorkshareJson.MaxLength)
                {
                    await Console.Error.WriteLineAsync($"--input: {path} is larger than {Core.Features.Workshare.WorkshareJson.MaxLength} bytes");
                    return ExitCodes.BadInput;
                }
                text = await File.ReadAllTextAsync(path, ct);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await Console.Error.WriteLineAsync($"--input: cannot read {path}: {ex.Message}");
                return ExitCodes.Failure;
            }
            AlignedPlan aligned;
            var service = new TimelinesService(TimeProvider.System);
            try
            {
                aligned = service.Align(text, what, path);
            }
            catch (TimelinesInputException ex)
            {
                foreach (var e in ex.Errors)
                {
                    await Console.Error.WriteLineAsync(what is not null && e.Field.StartsWith("whatIf", StringComparison.Ordinal)
                        ? "--what-if: " + e.Message
                        : e.At(path));
                }
                return ExitCodes.BadInput;
            }
            if (parse.GetValue(ics) is { Length: > 0 } icsPath)
            {
                try
                {
                    await File.WriteAllTextAsync(icsPath, TimelinesIcs.Write(aligned, TimeProvider.System.GetUtcNow()), ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await Console.Error.WriteLineAsync($"--ics: cannot write {icsPath}: {ex.Message}");
                    return ExitCodes.Failure;
                }
            }
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(aligned.Alignment, TimelinesService.Indented));
            }
            else
            {
                WriteTable(aligned.Alignment);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteTable(TimelineAlignment a)
    {
        var status = a.Status == "feasible" ? $"[green]{a.Status}[/]" : $"[red]{Markup.Escape(a.Status)}[/]";
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(a.Name ?? "plan")}[/]: {status}, {a.Start} → [bold]{a.Finish}[/]"
            + (a.WhatIf is { } w ? $" (what if {Markup.Escape(w.Step)} starts no earlier than {w.NotBefore})" : ""));
        var table = new Table().AddColumns("step", "calendar", "start", "finish", "latest start", "slack (days)", "fiscal year", "critical", "why it starts then");
        foreach (var s in a.Steps)
        {
            table.AddRow(Markup.Escape(s.Id), s.Calendar ?? "", s.EarliestStart, s.EarliestFinish, s.LatestStart,
                s.SlackDays.ToString(CultureInfo.InvariantCulture), Markup.Escape(s.FiscalYearLabel ?? ""), s.Critical ? "[bold red]yes[/]" : "",
                Markup.Escape(s.Reason));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("critical path: " + Markup.Escape(string.Join(" → ", a.CriticalPath)));
        foreach (var c in a.Conflicts)
        {
            AnsiConsole.MarkupLine($"[red]late[/] {Markup.Escape(c.Step)}: {Markup.Escape(c.Message)}");
        }
    }
}
