using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Npgsql;

namespace Musubi.Testing;

/// <summary>
/// A fresh, migrated database on SQLite (a file in a <see cref="TempDirectory"/>) or PostgreSQL (a new database on the
/// server named by <c>MUSUBI_TEST_POSTGRES</c>, which ./test starts). Data-access tests take the provider as a theory
/// argument so that one test body runs on both. Disposing it deletes the SQLite directory (with the file's
/// <c>-wal</c>, <c>-shm</c> and the audit signing key written beside it) or drops the PostgreSQL database.
/// <para>
/// The product's migrations run once per test process and provider, into a template (<see cref="DatabaseSetup.MigrateAsync"/>,
/// as <c>./musubi db migrate</c> runs them); each database is then a copy of it: the SQLite file copied, or
/// <c>CREATE DATABASE … TEMPLATE</c> on PostgreSQL. Migrating every database took a quarter of the data-access suite's
/// time (0.25 s on SQLite and 0.73 s on PostgreSQL, 238 times; ADR 0045).
/// </para>
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "MUSUBI_TEST_POSTGRES";

    private readonly TempDirectory? _sqliteDirectory;
    private readonly string? _postgresDatabase;

    private TestDatabase(DatabaseTarget target, TempDirectory? sqliteDirectory, string? postgresDatabase)
    {
        Target = target;
        _sqliteDirectory = sqliteDirectory;
        _postgresDatabase = postgresDatabase;
    }

    public DatabaseTarget Target { get; }

    /// <summary>A fixed clock: 15 March 2026, 09:00 UTC.</summary>
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 15, 9, 0, 0, TimeSpan.Zero));

    public static string? PostgresConnectionString => Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } s ? s : null;

    /// <summary>Theory data: "sqlite", and "postgres" when a server is configured (see <see cref="PostgresFactAttribute"/> for the notice when not).</summary>
    public static TheoryProviders Providers
    {
        get
        {
            var providers = new TheoryProviders { "sqlite" };
            if (PostgresConnectionString is not null)
            {
                providers.Add("postgres");
            }
            return providers;
        }
    }

    public static async Task<TestDatabase> CreateAsync(string provider)
    {
        if (provider == "postgres")
        {
            var server = PostgresConnectionString ?? throw new InvalidOperationException($"{PostgresVariable} is not set");
            var template = await PostgresTemplate.Value;
            var name = "musubi_t_" + Guid.NewGuid().ToString("N")[..16];
            await CreatePostgresAsync(server, name, template);
            return new TestDatabase(PostgresTarget(server, name), null, name);
        }
        var directory = new TempDirectory("musubi-test-");
        var path = directory.NewPath(".db");
        // The file alone: migrating writes no audit event, so no signing key lies beside the template.
        File.Copy(await SqliteTemplate.Value, path);
        return new TestDatabase(DatabaseTarget.Sqlite(path), directory, null);
    }

    // Each provider's migrated template, made by the first database asked for.
    private static readonly Lazy<Task<string>> SqliteTemplate = new(SqliteTemplateAsync);
    private static readonly Lazy<Task<string>> PostgresTemplate = new(() => PostgresTemplateAsync(PostgresConnectionString!));

    private static AppDbContext SystemContext(DatabaseTarget target)
    {
        var db = target.CreateContext(TimeProvider.System);
        db.Scope = AccessScope.System;
        return db;
    }

    /// <summary>A migrated database on the server, dropped when the process exits. No session stays connected to it: CREATE DATABASE … TEMPLATE refuses one.</summary>
    private static async Task<string> PostgresTemplateAsync(string server)
    {
        var name = "musubi_template_" + Guid.NewGuid().ToString("N")[..16];
        await CreatePostgresAsync(server, name, null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                DropAsync(server, name).AsTask().GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                // A server already stopped (./test stops its own when the suites end) takes the template with it.
            }
        };
        var target = PostgresTarget(server, name);
        try
        {
            await using var db = SystemContext(target);
            await DatabaseSetup.MigrateAsync(db);
        }
        finally
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }
        return name;
    }

    /// <summary>A migrated SQLite file whose write-ahead log is checkpointed into it, so that the file alone is the database (in WAL mode); deleted when the process exits.</summary>
    private static async Task<string> SqliteTemplateAsync()
    {
        var directory = new TempDirectory("musubi-template-");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => directory.Dispose();
        var target = DatabaseTarget.Sqlite(directory.NewPath(".db"));
        await using (var db = SystemContext(target))
        {
            await DatabaseSetup.MigrateAsync(db);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        await using (var connection = new SqliteConnection(target.ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }
        return new SqliteConnectionStringBuilder(target.ConnectionString).DataSource;
    }

    private static async Task CreatePostgresAsync(string server, string name, string? template)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand(template is null ? $"CREATE DATABASE \"{name}\"" : $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"", connection);
        await create.ExecuteNonQueryAsync();
    }

    private static DatabaseTarget PostgresTarget(string server, string name) =>
        // A loaded 2-core CI machine can take more than the default 15 s to hand out a connection under the concurrency tests.
        new(DatabaseProvider.Postgres, new NpgsqlConnectionStringBuilder(server) { Database = name, Timeout = 60 }.ConnectionString);

    private static async ValueTask DropAsync(string server, string name)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    public AppDbContext NewContext(AccessScope scope)
    {
        var db = Target.CreateContext(Clock);
        db.Scope = scope;
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            _sqliteDirectory.Dispose();
        }
        if (_postgresDatabase is not null && PostgresConnectionString is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await DropAsync(server, _postgresDatabase);
        }
    }
}

/// <summary>A list of provider names usable as xunit MemberData.</summary>
public sealed class TheoryProviders : List<object[]>
{
    public void Add(string provider) => Add([provider]);
}
