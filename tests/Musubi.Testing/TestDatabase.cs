using Microsoft.Data.Sqlite;
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
            var directory = new TempDirectory("musubi-test-");
            database = new TestDatabase(DatabaseTarget.Sqlite(directory.NewPath(".db")), directory, null);
        }
        try
        {
            await using var db = database.NewContext(AccessScope.System);
            await DatabaseSetup.MigrateAsync(db);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
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
        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            _sqliteDirectory.Dispose();
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
