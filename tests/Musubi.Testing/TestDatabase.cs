using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Npgsql;

namespace Musubi.Testing;

/// <summary>
/// A fresh, migrated database on SQLite (a temporary file) or PostgreSQL (a new database on the server named by
/// <c>MUSUBI_TEST_POSTGRES</c>, which ./test starts). Data-access tests take the provider as a theory argument so that
/// one test body runs on both.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "MUSUBI_TEST_POSTGRES";

    private readonly string? _sqlitePath;
    private readonly string? _postgresDatabase;

    private TestDatabase(DatabaseTarget target, string? sqlitePath, string? postgresDatabase)
    {
        Target = target;
        _sqlitePath = sqlitePath;
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
        TestDatabase database;
        if (provider == "postgres")
        {
            var server = PostgresConnectionString ?? throw new InvalidOperationException($"{PostgresVariable} is not set");
            var name = "musubi_t_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(server))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await create.ExecuteNonQueryAsync();
            }
            // A loaded 2-core CI machine can take more than the default 15 s to hand out a connection under the concurrency tests.
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = name, Timeout = 60 };
            database = new TestDatabase(new DatabaseTarget(DatabaseProvider.Postgres, builder.ConnectionString), null, name);
        }
        else
        {
            var path = Path.Combine(Path.GetTempPath(), "musubi-test-" + Guid.NewGuid().ToString("N") + ".db");
            database = new TestDatabase(DatabaseTarget.Sqlite(path), path, null);
        }
        await using var db = database.NewContext(AccessScope.System);
        await DatabaseSetup.MigrateAsync(db);
        return database;
    }

    public AppDbContext NewContext(AccessScope scope)
    {
        var db = Target.CreateContext(Clock);
        db.Scope = scope;
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqlitePath is not null)
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqlitePath + suffix);
            }
        }
        if (_postgresDatabase is not null && PostgresConnectionString is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresDatabase}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}

/// <summary>A list of provider names usable as xunit MemberData.</summary>
public sealed class TheoryProviders : List<object[]>
{
    public void Add(string provider) => Add([provider]);
}
