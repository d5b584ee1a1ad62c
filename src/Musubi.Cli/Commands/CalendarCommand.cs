using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Musubi.Core.Features.Timelines;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi calendar holidays|business-days</c> (issue #10; docs/engines/timelines.md): Japan's and the United States'
/// public holidays computed by rule for any year 1949–2099, and business days between two dates (both ends included).
/// JSON: <c>[ { "date", "name", "nameJa", "kind" } ]</c> and <c>{ "country", "from", "to", "businessDays" }</c>. Bad input
/// (an unknown country, a year out of range, <c>--to</c> before <c>--from</c>): exit 2 naming the option.
/// </summary>
internal static class CalendarCommand
{
    public static Command Build()
    {
        var command = new Command("calendar", "Public holidays and business days of Japan and the United States, by rule (issue #10)");
        command.Subcommands.Add(HolidaysCommand());
        command.Subcommands.Add(BusinessDays());
        return command;
    }

    private static Option<string> Format()
    {
        var format = new Option<string>("--format") { Description = "output: table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static Option<string?> Country() => new("--country") { Description = "JP or US" };

    private static Command HolidaysCommand()
    {
        var command = new Command("holidays", "Every public holiday of a country in a year (Japan: national, substitute and citizens' holidays; U.S.: federal holidays with observed days), by the date it is taken.");
        var country = Country();
        var year = new Option<int?>("--year") { Description = "the year, 1949–2099" };
        var format = Format();
        command.Options.Add(country);
        command.Options.Add(year);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(async service =>
        {
            var list = service.Holidays(parse.GetValue(country), parse.GetValue(year));
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(list, TimelinesService.Indented));
            }
            else
            {
                var table = new Table().AddColumns("date", "day", "name", "名称", "kind");
                foreach (var h in list)
                {
                    var day = DateOnly.ParseExact(h.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture).DayOfWeek.ToString()[..3];
                    table.AddRow(h.Date, day, Markup.Escape(h.Name), Markup.Escape(h.NameJa), h.Kind);
                }
                AnsiConsole.Write(table);
            }
        }));
        return command;
    }

    private static Command BusinessDays()
    {
        var command = new Command("business-days", "Business days (Monday to Friday less public holidays) from --from to --to, both ends included.");
        var country = Country();
        var from = new Option<string?>("--from") { Description = "first day, YYYY-MM-DD" };
        var to = new Option<string?>("--to") { Description = "last day, YYYY-MM-DD (not before --from)" };
        var format = Format();
        command.Options.Add(country);
        command.Options.Add(from);
        command.Options.Add(to);
        command.Options.Add(format);
        command.SetAction(async (parse, ct) => await RunAsync(async service =>
        {
            var answer = service.BusinessDays(parse.GetValue(country), parse.GetValue(from), parse.GetValue(to));
            if (parse.GetValue(format) == "json")
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(answer, TimelinesService.Indented));
            }
            else
            {
                await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{answer.BusinessDays} business days in {answer.Country} from {answer.From} to {answer.To} (both included)"));
            }
        }));
        return command;
    }

    /// <summary>Runs <paramref name="action"/>; input problems go to stderr as <c>--option: message</c> with exit 2.</summary>
    private static async Task<int> RunAsync(Func<TimelinesService, Task> action)
    {
        try
        {
            await action(new TimelinesService(TimeProvider.System));
            return ExitCodes.Success;
        }
        catch (TimelinesInputException ex)
        {
            foreach (var e in ex.Errors)
            {
                await Console.Error.WriteLineAsync($"--{e.Field}: {e.Message}");
            }
            return ExitCodes.BadInput;
        }
    }
}
