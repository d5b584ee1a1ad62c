using Microsoft.Data.Sqlite;
using Musubi.Testing;

namespace Musubi.Cli.Tests;

/// <summary><c>musubi audit</c> as a user's shell runs it: verify, checkpoint, export, list, and tampering found.</summary>
public sealed class AuditCliTests : IDisposable
{
    private readonly TempDirectory _temp = new("musubi-cli-audit-");

    public void Dispose() => _temp.Dispose();

    private (string Db, string Path) TempDb()
    {
        var path = _temp.NewPath(".db");
        return ("sqlite:" + path, path);
    }

    [Fact]
    public async Task ImportCheckpointExportAndVerify_ThenTampering_ExitsOneListingEveryProblem()
    {
        var (db, path) = TempDb();
        Assert.Equal(0, (await CliRunner.RunAsync("import", PackageBuilder.Minimal().Write(_temp.NewDirectory()), "--db", db)).ExitCode);
        var checkpoint = await CliRunner.RunAsync("audit", "checkpoint", "--db", db);
        Assert.Equal(0, checkpoint.ExitCode);
        Assert.Contains("tree size 2", checkpoint.Out, StringComparison.Ordinal); // the import, then the checkpoint request
        Assert.True(File.Exists(path + ".audit-signing-key.pem"));
        var file = _temp.NewPath(".jsonl");
        Assert.Equal(0, (await CliRunner.RunAsync("audit", "export-checkpoints", "--out", file, "--db", db)).ExitCode);
        Assert.Contains("\"public_key\":\"-----BEGIN PUBLIC KEY-----", await File.ReadAllTextAsync(file), StringComparison.Ordinal);

        var clean = await CliRunner.RunAsync("audit", "verify", "--checkpoints", file, "--db", db);
        Assert.Equal(0, clean.ExitCode);
        Assert.StartsWith("ok:", clean.Out, StringComparison.Ordinal);

        var list = await CliRunner.RunAsync("audit", "list", "--type", "data.*", "--format", "csv", "--db", db);
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("data.import,success,cli:", list.Out, StringComparison.Ordinal);

        // An attacker with the database file drops the triggers, edits the import's record and removes the tail.
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                DROP TRIGGER "AuditEvents_no_update"; DROP TRIGGER "AuditEvents_no_delete";
                DROP TRIGGER "AuditCheckpoints_no_update"; DROP TRIGGER "AuditCheckpoints_no_delete";
                UPDATE "AuditEvents" SET "Detail" = replace("Detail", 'organizations', 'Organizations') WHERE "Seq" = 1;
                DELETE FROM "AuditEvents" WHERE "Seq" >= 2;
                DELETE FROM "AuditCheckpoints";
                """;
            await command.ExecuteNonQueryAsync();
        }

        var tampered = await CliRunner.RunAsync("audit", "verify", "--checkpoints", file, "--db", db, "--format", "json");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Contains("\"ok\": false", tampered.Out, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"hash\"", tampered.Out, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"checkpoint-missing\"", tampered.Out, StringComparison.Ordinal);
        Assert.Contains("\"kind\": \"truncated\"", tampered.Out, StringComparison.Ordinal);

        var text = await CliRunner.RunAsync("audit", "verify", "--checkpoints", file, "--db", db);
        Assert.Equal(1, text.ExitCode);
        Assert.Contains("seq 1: hash:", text.Out, StringComparison.Ordinal);
        Assert.Contains("TAMPERED", text.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadArguments_ExitTwoNamingTheOption()
    {
        var (db, _) = TempDb();

        var missing = await CliRunner.RunAsync("audit", "verify", "--checkpoints", "/nonexistent/file.jsonl", "--db", db);
        var since = await CliRunner.RunAsync("audit", "list", "--since", "last tuesday", "--db", db);
        var limit = await CliRunner.RunAsync("audit", "list", "--limit", "0", "--db", db);

        Assert.Equal((2, 2, 2), (missing.ExitCode, since.ExitCode, limit.ExitCode));
        Assert.Contains("--checkpoints", missing.Err, StringComparison.Ordinal);
        Assert.Contains("--since", since.Err, StringComparison.Ordinal);
        Assert.Contains("--limit", limit.Err, StringComparison.Ordinal);
    }
}
