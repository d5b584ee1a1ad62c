using System.CommandLine;
using Musubi.Core.Features.Demo;

namespace Musubi.Cli.Commands;

internal static class DemoCommand
{
    public static Command Build()
    {
        var load = new Command("load", "Load (or reload) the demo dataset into the database named by --db; records are upserted by id.");
        load.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct);
            if (db is null)
            {
                return ExitCodes.BadInput;
            }
            var report = await DemoData.LoadAsync(db, TimeProvider.System, ct: ct, audit: AuditCommand.Trail(parse));
            return await ImportCommand.ReportAsync(report);
        });
        return new Command("demo", "The embedded demo dataset.") { load };
    }
}
