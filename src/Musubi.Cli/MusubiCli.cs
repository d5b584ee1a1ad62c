using System.CommandLine;
using Musubi.Cli.Commands;

namespace Musubi.Cli;

/// <summary>The <c>musubi</c> command line: one subcommand per feature, the same results as the API and the UI.</summary>
public static class MusubiCli
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
                await Console.Error.WriteLineAsync(error.Message);
            }
            await Console.Error.WriteLineAsync("Run with --help for usage.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync();
    }
}
