using System.CommandLine;
using System.Text.RegularExpressions;
using Musubi.Cli.Commands;

namespace Musubi.Cli;

/// <summary>The <c>musubi</c> command line: one subcommand per feature, the same results as the API and the UI.</summary>
public static partial class MusubiCli
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Musubi — the working platform for allied defense-industrial cooperation.");
        root.Options.Add(CommonOptions.Db);
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DbCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        root.Subcommands.Add(ImportCommand.Build());
        root.Subcommands.Add(ExportCommand.Build());
        root.Subcommands.Add(TemplateCommand.Build());
        root.Subcommands.Add(GenerateCommand.Build());
        root.Subcommands.Add(RegistryCommand.Build());
        root.Subcommands.Add(AuditCommand.Build());
        root.Subcommands.Add(UsersCommand.Build());
        root.Subcommands.Add(TransfersCommand.Build());
        root.Subcommands.Add(RulesCommand.Build());
        root.Subcommands.Add(ScreenCommand.Build());
        root.Subcommands.Add(NetworkCommand.Build());
        root.Subcommands.Add(SurgeCommand.Build());
        root.Subcommands.Add(WorkshareCommand.Build());
        root.Subcommands.Add(CalendarCommand.Build());
        root.Subcommands.Add(TimelineCommand.Build());
        root.Subcommands.Add(PriorityCommand.Build());
        root.Subcommands.Add(MatchCommand.Build());
        root.Subcommands.Add(BoardCommand.Build());
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync(Describe(error.Message));
            }
            await Console.Error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync();
    }

    /// <summary>
    /// A parse error in the user's terms. System.CommandLine names the option's .NET type ("Cannot parse argument 'abc'
    /// for option '--lambda' as expected type 'System.Nullable`1[System.Double]'."); the answer says what the option
    /// takes, as the commands' own checks do: <c>--lambda: 'abc' is not a number</c>. Other messages are kept.
    /// </summary>
    internal static string Describe(string message)
    {
        if (CannotParse().Match(message) is not { Success: true } match)
        {
            return message;
        }
        var type = match.Groups["type"].Value;
        var expected = type switch
        {
            _ when type.Contains("Int16", StringComparison.Ordinal) || type.Contains("Int32", StringComparison.Ordinal)
                || type.Contains("Int64", StringComparison.Ordinal) || type.Contains("Byte", StringComparison.Ordinal) => "a whole number",
            _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal)
                || type.Contains("Decimal", StringComparison.Ordinal) => "a number",
            _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            _ when type.Contains("DateOnly", StringComparison.Ordinal) => "a date (YYYY-MM-DD)",
            _ when type.Contains("DateTime", StringComparison.Ordinal) => "a date and time (ISO 8601)",
            _ => "a value it takes (see --help)",
        };
        return $"{match.Groups["name"].Value}: '{match.Groups["value"].Value}' is not {expected}";
    }

    [GeneratedRegex("""^Cannot parse argument '(?<value>.*)' for (option|command|argument) '(?<name>[^']*)' as expected type '(?<type>.*)'\.$""", RegexOptions.Singleline)]
    private static partial Regex CannotParse();
}
