using Microsoft.EntityFrameworkCore;

namespace Musubi.Core.Data;

public static class DatabaseSetup
{
    /// <summary>Applies pending migrations; SQLite also switches to WAL so the web host and CLI can share the file.</summary>
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        if (!db.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    /// <summary>
    /// Makes the database ready for use: SQLite (the embedded default) migrates itself; PostgreSQL, a shared server, is
    /// migrated only on purpose (<c>./musubi db migrate</c>), so this returns the reason when it is behind.
    /// </summary>
    public static async Task<string?> EnsureReadyAsync(AppDbContext db, CancellationToken ct = default)
    {
        if (!db.IsPostgres)
        {
            // Only when behind: Migrate also compares the model with the last migration's snapshot (EF Core's check for
            // model changes without a migration), most of a second of every CLI command on a database already up to date.
            if ((await db.Database.GetPendingMigrationsAsync(ct)).Any())
            {
                await MigrateAsync(db, ct);
            }
            return null;
        }
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        return pending.Count == 0
            ? null
            : $"the PostgreSQL database lacks {pending.Count} migration(s) ({string.Join(", ", pending)}): run ./musubi db migrate --db postgres:…";
    }

    /// <summary>True when the registry holds no organization and no principal: a fresh database.</summary>
    public static async Task<bool> IsEmptyAsync(AppDbContext db, CancellationToken ct = default) =>
        !await db.Organizations.IgnoreQueryFilters().AnyAsync(ct) && !await db.Principals.AnyAsync(ct);

    /// <summary>The folder holding <c>demo/</c>, <c>taxonomy/</c>, <c>world/</c>: <c>MUSUBI_DATA</c>, else <c>data/</c> beside the program.</summary>
    public static string DataDirectory =>
        Environment.GetEnvironmentVariable("MUSUBI_DATA") is { Length: > 0 } dir ? dir : Path.Combine(AppContext.BaseDirectory, "data");
}
