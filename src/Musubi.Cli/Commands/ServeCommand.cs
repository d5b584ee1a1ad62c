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
        var demo = new Option<bool>("--demo")
        {
            Description = "demo mode: one-click demo accounts and the 'Authorization: Demo <id>' header, no second factor (never for real data)",
        };
        var command = new Command("serve", "Run the web UI and REST API (SQLite and the demo dataset by default).") { urls, noDemo, demo };
        command.SetAction(async (parse, ct) =>
        {
            var target = DatabaseTarget.TryParse(parse.GetValue(CommonOptions.Db), out var error);
            if (target is null)
            {
                await Console.Error.WriteLineAsync($"--db: {error}");
                return ExitCodes.BadInput;
            }
            foreach (var url in parse.GetValue(urls)!.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                    || uri.Scheme is not ("http" or "https"))
                {
                    await Console.Error.WriteLineAsync($"--urls: '{url}' is not an http:// or https:// address, e.g. http://127.0.0.1:5080");
                    return ExitCodes.BadInput;
                }
            }
            await using (var db = target.CreateContext(TimeProvider.System))
            {
                if (await DatabaseSetup.EnsureReadyAsync(db, ct) is { } problem)
                {
                    await Console.Error.WriteLineAsync(problem);
                    return ExitCodes.Failure;
                }
            }
            var options = new MusubiHostOptions { Database = target, Urls = parse.GetValue(urls)!, LoadDemo = !parse.GetValue(noDemo), DemoLogin = parse.GetValue(demo) };
            var app = MusubiHost.Build(options);
            await Console.Out.WriteLineAsync($"Musubi: database {target.Describe()}; preparing…");
            try
            {
                await app.StartAsync(ct);
            }
            catch (IOException ex)
            {
                // Kestrel reports a port in use (or not ours to bind) this way: say so instead of a stack trace.
                await Console.Error.WriteLineAsync($"--urls: cannot listen on {options.Urls}: {ex.Message}");
                return ExitCodes.Failure;
            }
            await Console.Out.WriteLineAsync($"Musubi is serving {options.Urls} (API docs at {options.Urls.TrimEnd('/')}/scalar). Ctrl+C stops it.");
            await Console.Out.WriteLineAsync(options.DemoLogin
                ? "Demo mode: the sign-in page offers the demo accounts without passwords. Never use demo mode for real data."
                : "Sign in with an account made by `./musubi users add` (demo accounts: restart with --demo).");
            await app.WaitForShutdownAsync(ct);
            return ExitCodes.Success;
        });
        return command;
    }
}
