using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Musubi.Core.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Where the data lives, parsed from <c>--db sqlite:PATH</c> or <c>--db postgres:CONNSTRING</c>.
/// Without <c>--db</c>: the <c>MUSUBI_DB</c> variable, else <c>musubi.db</c> in the user's data directory.
/// </summary>
public sealed record DatabaseTarget(DatabaseProvider Provider, string ConnectionString)
{
    public const string SqliteMigrationsAssembly = "Musubi.Migrations.Sqlite";
    public const string PostgresMigrationsAssembly = "Musubi.Migrations.Postgres";

    public static string DefaultSqlitePath =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "musubi", "musubi.db");

    /// <summary>Parses a <c>--db</c> value; returns <c>null</c> with an error for anything else.</summary>
    public static DatabaseTarget? TryParse(string? spec, out string? error)
    {
        error = null;
        spec = string.IsNullOrWhiteSpace(spec) ? Environment.GetEnvironmentVariable("MUSUBI_DB") : spec;
        if (string.IsNullOrWhiteSpace(spec))
        {
            return Sqlite(DefaultSqlitePath);
        }
        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec["sqlite:".Length..];
            if (path.Length == 0)
            {
                error = "--db sqlite: needs a file path, e.g. sqlite:./musubi.db";
                return null;
            }
            return Sqlite(path);
        }
        if (spec.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql:", StringComparison.OrdinalIgnoreCase))
        {
            var conn = spec[(spec.IndexOf(':', StringComparison.Ordinal) + 1)..];
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(conn);
            }
            catch (ArgumentException ex)
            {
                error = $"--db postgres: the connection string is not valid: {ex.Message}";
                return null;
            }
            return new DatabaseTarget(DatabaseProvider.Postgres, conn);
        }
        error = $"--db '{spec}' must start with sqlite: or postgres:";
        return null;
    }

    public static DatabaseTarget Sqlite(string path)
    {
        var full = Path.GetFullPath(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Pooling = true, DefaultTimeout = 30 };
        return new DatabaseTarget(DatabaseProvider.Sqlite, builder.ToString());
    }

    public string Describe() => Provider == DatabaseProvider.Sqlite
        ? "sqlite:" + new SqliteConnectionStringBuilder(ConnectionString).DataSource
        : "postgres:" + new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString;

    /// <summary>
    /// The provider and its options. A list in a query (the reader's programs in every access filter) goes as one
    /// parameter, a JSON array on SQLite and an array on PostgreSQL: EF Core 10's default, a parameter per element,
    /// makes the SQL depend on the list's length, and EF then never caches the command (ADR 0046).
    /// </summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        if (Provider == DatabaseProvider.Sqlite)
        {
            var dir = Path.GetDirectoryName(new SqliteConnectionStringBuilder(ConnectionString).DataSource);
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }
            options.UseSqlite(ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        }
        else
        {
            options.UseNpgsql(ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly).UseParameterizedCollectionMode(ParameterTranslationMode.Parameter));
        }
    }

    public DbContextOptions<AppDbContext> Options()
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        Configure(builder);
        return builder.Options;
    }

    public AppDbContext CreateContext(TimeProvider clock) => new(Options(), clock);
}
