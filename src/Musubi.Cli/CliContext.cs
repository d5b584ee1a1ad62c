using System.CommandLine;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;

namespace Musubi.Cli;

/// <summary>Exit codes of every command: 0 success, 1 failure, 2 bad input.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int BadInput = 2;
}

/// <summary>The options every database command shares, and opening the database they name.</summary>
public static class CommonOptions
{
    public static readonly Option<string?> Db = new("--db")
    {
        Description = "sqlite:PATH or postgres:CONNSTRING (default: MUSUBI_DB, else musubi.db in the user's data directory)",
        Recursive = true,
    };

    public static readonly Option<string?> As = new("--as")
    {
        Description = "read as this principal (its nationality, clearances and programs); default: the local operator, who sees everything",
    };

    public static readonly Option<string> Format = new("--format")
    {
        Description = "output: table, json or csv",
        DefaultValueFactory = _ => "table",
    };

    static CommonOptions()
    {
        Format.AcceptOnlyFromAmong("table", "json", "csv");
    }

    /// <summary>
    /// Opens the database named by --db, ready for use (SQLite migrates itself; PostgreSQL must be migrated already, or
    /// <paramref name="migrate"/> asks for it, as <c>db migrate</c> does). On a problem writes the reason to stderr and returns null.
    /// </summary>
    public static async Task<AppDbContext?> OpenAsync(ParseResult parse, CancellationToken ct, bool migrate = false)
    {
        var target = DatabaseTarget.TryParse(parse.GetValue(Db), out var error);
        if (target is null)
        {
            await Console.Error.WriteLineAsync($"--db: {error}");
            return null;
        }
        var db = target.CreateContext(TimeProvider.System);
        if (migrate)
        {
            await DatabaseSetup.MigrateAsync(db, ct);
        }
        else if (await DatabaseSetup.EnsureReadyAsync(db, ct) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            await db.DisposeAsync();
            return null;
        }
        db.Scope = AccessScope.System;
        return db;
    }

    /// <summary>Applies --as: the principal's scope, or null (and an error on stderr) when there is no such principal.</summary>
    public static async Task<bool> ApplyAsAsync(ParseResult parse, AppDbContext db, CancellationToken ct)
    {
        if (parse.GetValue(As) is not { Length: > 0 } id)
        {
            db.Scope = AccessScope.System;
            return true;
        }
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, ct);
        if (principal is null)
        {
            await Console.Error.WriteLineAsync($"--as: no principal '{id}' (see ./musubi registry principals)");
            return false;
        }
        db.Scope = AccessScope.For(principal, TimeProvider.System);
        return true;
    }
}
