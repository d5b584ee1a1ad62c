using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Musubi.Core.Data;
using Musubi.Web.Hosting;

namespace Musubi.Cli.Commands;

internal static class ServeCommand
{
    public static Command Build()
    {
        var urls = new Option<string>("--urls") { Description = "where to listen", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var noDemo = new Option<bool>("--no-demo") { Description = "do not load the demo dataset into an empty database" };
        var command = new Command("serve", "Run the web UI and REST API (SQLite and the demo dataset by default).") { urls, noDemo };
        command.SetAction(async (parse, ct) =>
        {
            var target = DatabaseTarget.TryParse(parse.GetValue(CommonOptions.Db), out var error);
            if (target is null)
            {
                await Console.Error.WriteLineAsync($"--db: {error}");
                return ExitCodes.BadInput;
            }
            await using (var db = target.CreateContext(TimeProvider.System))
            {
                if (await DatabaseSetup.EnsureReadyAsync(db, ct) is { } problem)
                {
                    await Console.Error.WriteLineAsync(problem);
                    return ExitCodes.Failure;
                }
            }
            var options = new MusubiHostOptions { Database = target, Urls = parse.GetValue(urls)!, LoadDemo = !parse.GetValue(noDemo) };
            var app = MusubiHost.Build(options);
            await Console.Out.WriteLineAsync($"Musubi: database {target.Describe()}; preparing…");
            await Console.Out.WriteLineAsync($"Musubi is serving {options.Urls} (API docs at {options.Urls.TrimEnd('/')}/scalar). Ctrl+C stops it.");
            await app.StartAsync(ct);
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
