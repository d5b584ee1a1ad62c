using System.CommandLine;

namespace Musubi.Cli.Commands;

internal static class DbCommand
{
    public static Command Build()
    {
        var migrate = new Command("migrate", "Apply pending migrations to the database named by --db.");
        migrate.SetAction(async (parse, ct) =>
        {
            await using var db = await CommonOptions.OpenAsync(parse, ct, migrate: true);
            if (db is null)
            {
                return ExitCodes.BadInput;
            }
            await Console.Out.WriteLineAsync("database is up to date");
            return ExitCodes.Success;
        });
        return new Command("db", "Database maintenance.") { migrate };
    }
}
