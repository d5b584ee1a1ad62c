using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Audit;
using Musubi.Testing;

namespace Musubi.Core.Tests.Audit;

/// <summary>The audit log on SQLite and PostgreSQL: a clean log verifies, and every kind of tampering is found where it happened.</summary>
public sealed class AuditLogTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    public static readonly string[] Fields = ["Seq", "Time", "Type", "Outcome", "PrincipalId", "SourceAddress", "Object", "Detail", "PrevHash", "Hash"];

    public static IEnumerable<object[]> ProvidersAndFields => from p in TestDatabase.Providers from f in Fields select new[] { p[0], f };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task CleanLog_WithCheckpoints_Verifies(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 10);
        await audit.AppendAsync(25);

        var result = await audit.VerifyAsync();

        Assert.True(result.Ok, string.Join('\n', result.Problems));
        Assert.Equal(25, result.Events);
        Assert.Equal([10L, 20L], (await audit.CheckpointsAsync()).Select(c => c.TreeSize));
        var events = await audit.EventsAsync();
        Assert.Equal(Enumerable.Range(1, 25).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.Equal(AuditHashing.Genesis, events[0].PrevHash);
        Assert.All(events.Skip(1), (e, i) => Assert.Equal(events[i].Hash, e.PrevHash));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task StoredEvents_ReadBackExactlyAsHashed(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(3);

        foreach (var e in await audit.EventsAsync())
        {
            Assert.Equal(e.Hash, AuditHashing.Hash(e));
            Assert.Equal(0, e.Time.UtcTicks % 10); // whole microseconds
            Assert.Equal(TimeSpan.Zero, e.Time.Offset);
        }
    }

    [Theory]
    [MemberData(nameof(ProvidersAndFields))]
    public async Task ChangedByte_InAnyField_IsFoundAtThatRecord(string provider, string field)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(10);
        Assert.True((await audit.VerifyAsync()).Ok);
        await audit.DropTriggersAsync();
        var e = AuditFixture.Copy((await audit.EventsAsync())[4]);
        static string Flip(string s) => s[..^1] + (char)(s[^1] ^ 1);
        switch (field)
        {
            case "Seq":
                await audit.DeleteEventsAsync(5, 5);
                e.Seq = 50;
                break;
            case "Time": e.Time = e.Time.AddTicks(10); break;
            case "Type": e.Type = Flip(e.Type); break;
            case "Outcome": e.Outcome = Flip(e.Outcome); break;
            case "PrincipalId": e.PrincipalId = Flip(e.PrincipalId!); break;
            case "SourceAddress": e.SourceAddress = Flip(e.SourceAddress!); break;
            case "Object": e.Object = Flip(e.Object!); break;
            case "Detail": e.Detail = Flip(e.Detail!); break;
            case "PrevHash": e.PrevHash = Flip(e.PrevHash); break;
            case "Hash": e.Hash = Flip(e.Hash); break;
        }
        await audit.OverwriteAsync(e);

        var result = await audit.VerifyAsync();

        Assert.False(result.Ok);
        var expectedSeq = field switch { "Hash" => 6L, "Seq" => 6L, _ => 5L };
        Assert.Contains(result.Problems, p => p.Seq == expectedSeq);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task DeletedRecord_IsFound(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(10);
        await audit.DropTriggersAsync();

        await audit.DeleteEventsAsync(5, 5);
        var result = await audit.VerifyAsync();

        Assert.Contains(result.Problems, p => p is { Seq: 6, Kind: "seq-gap" });
        Assert.Contains(result.Problems, p => p is { Seq: 6, Kind: "chain" });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task InsertedRecord_WithRenumberedSuccessors_IsFound(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(10);
        await using (var db = audit.NewContext())
        {
            await audit.Log.CheckpointAsync(db);
        }
        await audit.DropTriggersAsync();
        var events = await audit.EventsAsync();

        // A well-formed record slipped in after Seq 4 and everything after it moved up one: Seq stays continuous.
        await audit.DeleteEventsAsync(5, 10);
        var forged = AuditFixture.Copy(events[3]);
        forged.Seq = 5;
        forged.Detail = "{\"note\":\"never happened\"}";
        forged.PrevHash = events[3].Hash;
        forged.Hash = AuditHashing.Hash(forged);
        await audit.InsertEventAsync(forged);
        foreach (var e in events.Skip(4))
        {
            var moved = AuditFixture.Copy(e);
            moved.Seq++;
            await audit.InsertEventAsync(moved);
        }
        var result = await audit.VerifyAsync();

        Assert.False(result.Ok);
        Assert.DoesNotContain(result.Problems, p => p.Kind == "seq-gap");
        Assert.Contains(result.Problems, p => p is { Seq: 6, Kind: "chain" });
        Assert.Contains(result.Problems, p => p is { Seq: 10, Kind: "checkpoint-root" });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ReorderedRecords_AreFound(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(10);
        await audit.DropTriggersAsync();
        var events = await audit.EventsAsync();

        var a = AuditFixture.Copy(events[4]);
        var b = AuditFixture.Copy(events[5]);
        (a.Seq, b.Seq) = (b.Seq, a.Seq);
        await audit.DeleteEventsAsync(5, 6);
        await audit.InsertEventAsync(a);
        await audit.InsertEventAsync(b);
        var result = await audit.VerifyAsync();

        Assert.Contains(result.Problems, p => p is { Seq: 5, Kind: "hash" });
        Assert.Contains(result.Problems, p => p is { Seq: 6, Kind: "hash" });
        Assert.Contains(result.Problems, p => p is { Seq: 5, Kind: "chain" });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TruncatedTail_IsFoundByTheCheckpoint(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 20);
        await audit.AppendAsync(20);
        await audit.DropTriggersAsync();

        await audit.DeleteEventsAsync(18, 20);
        var result = await audit.VerifyAsync();

        var problem = Assert.Single(result.Problems);
        Assert.Equal(("truncated", 18L), (problem.Kind, problem.Seq));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task TruncatedTail_WithItsCheckpointsDeleted_IsFoundOnlyByTheExternalFile(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 20);
        await audit.AppendAsync(20);
        var exported = await audit.CheckpointsAsync();
        await audit.DropTriggersAsync();

        await audit.DeleteEventsAsync(18, 20);
        await audit.ExecuteAsync($"""DELETE FROM "AuditCheckpoints" """);

        Assert.True((await audit.VerifyAsync()).Ok); // a consistent prefix: only an outside copy can tell
        var result = await audit.VerifyAsync(exported);
        Assert.Contains(result.Problems, p => p is { Kind: "truncated", Seq: 18 });
        Assert.Contains(result.Problems, p => p is { Kind: "checkpoint-missing", Seq: 20 });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RewrittenLog_ResignedWithTheStolenKey_IsFoundByTheExternalFile(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 10);
        await audit.AppendAsync(10);
        var exported = await audit.CheckpointsAsync();
        await audit.DropTriggersAsync();

        // The attacker edits record 3, re-chains every later record and re-signs the checkpoint with the key on disk.
        var events = await audit.EventsAsync();
        await audit.DeleteEventsAsync(3, 10);
        await audit.ExecuteAsync($"""DELETE FROM "AuditCheckpoints" """);
        var prev = events[1].Hash;
        foreach (var e in events.Skip(2).Select(AuditFixture.Copy))
        {
            if (e.Seq == 3)
            {
                e.Detail = "{\"note\":\"rewritten\"}";
            }
            e.PrevHash = prev;
            e.Hash = AuditHashing.Hash(e);
            prev = e.Hash;
            await audit.InsertEventAsync(e);
        }
        var frontier = new MerkleFrontier();
        foreach (var e in await audit.EventsAsync())
        {
            frontier.Add(e.Hash);
        }
        using (var stolen = AuditSigningKey.LoadOrCreate(audit.KeyPath))
        {
            var time = exported[0].Time;
            await audit.ExecuteAsync($"""
                INSERT INTO "AuditCheckpoints" ("TreeSize", "RootHash", "Time", "KeyId", "Signature")
                VALUES ({10L}, {frontier.Root()}, {time}, {stolen.KeyId}, {stolen.Sign(10, frontier.Root(), time)})
                """);
        }

        Assert.True((await audit.VerifyAsync()).Ok);
        var result = await audit.VerifyAsync(exported);
        Assert.Contains(result.Problems, p => p is { Kind: "checkpoint-rewritten", Seq: 10 });
        Assert.Contains(result.Problems, p => p is { Kind: "checkpoint-root", Seq: 10 });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ForgedCheckpoint_IsFound(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 10);
        await audit.AppendAsync(12);
        await audit.DropTriggersAsync();
        var genuine = (await audit.CheckpointsAsync()).Single();

        // A checkpoint for size 12 under the genuine key id but signed by another key, and the genuine one's root altered.
        using var otherKeyDirectory = new TempDirectory("musubi-other-");
        using var other = AuditSigningKey.LoadOrCreate(otherKeyDirectory.NewPath(".pem"));
        var root = "ab" + genuine.RootHash[2..];
        await audit.ExecuteAsync($"""
            INSERT INTO "AuditCheckpoints" ("TreeSize", "RootHash", "Time", "KeyId", "Signature")
            VALUES ({12L}, {root}, {genuine.Time}, {genuine.KeyId}, {other.Sign(12, root, genuine.Time)})
            """);
        await audit.ExecuteAsync($"""UPDATE "AuditCheckpoints" SET "RootHash" = {root} WHERE "TreeSize" = {10L}""");
        var result = await audit.VerifyAsync();

        Assert.Contains(result.Problems, p => p is { Kind: "checkpoint-signature", Seq: 12 });
        Assert.Contains(result.Problems, p => p is { Kind: "checkpoint-signature", Seq: 10 });
        Assert.Contains(result.Problems, p => p is { Kind: "checkpoint-root", Seq: 10 });
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Triggers_RefuseUpdateAndDelete_ThroughTheProductsConnection(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 2);
        await audit.AppendAsync(2);

        foreach (var sql in new FormattableString[]
        {
            $"""UPDATE "AuditEvents" SET "Detail" = 'x' WHERE "Seq" = 1""",
            $"""DELETE FROM "AuditEvents" WHERE "Seq" = 2""",
            $"""UPDATE "AuditCheckpoints" SET "RootHash" = 'x'""",
            $"""DELETE FROM "AuditCheckpoints" """,
        })
        {
            var ex = await Assert.ThrowsAnyAsync<Exception>(() => audit.ExecuteAsync(sql));
            Assert.Contains("append-only", ex.Message, StringComparison.Ordinal);
        }
        Assert.True((await audit.VerifyAsync()).Ok);
        Assert.Equal(2, (await audit.EventsAsync()).Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ParallelAppenders_MakeOneValidChain(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: 100);

        // Eight writers at once; half append inside transactions of their own (no in-process gate, only the database lock).
        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var log = new AuditLog(TimeProvider.System, audit.Options);
            await using var db = audit.NewContext();
            for (var i = 0; i < 100; i++)
            {
                var record = new AuditRecord(AuditTypes.RecordCreated, AuditOutcomes.Success, $"writer-{w}", Object: $"n/{i}");
                if (w % 2 == 0)
                {
                    await log.AppendAsync(db, record);
                }
                else
                {
                    await using var tx = await db.Database.BeginTransactionAsync();
                    await log.AppendAsync(db, record);
                    await tx.CommitAsync();
                }
            }
        })));

        var events = await audit.EventsAsync();
        Assert.Equal(Enumerable.Range(1, 800).Select(i => (long)i), events.Select(e => e.Seq));
        Assert.All(Enumerable.Range(0, 8), w => Assert.Equal(100, events.Count(e => e.PrincipalId == $"writer-{w}")));
        var result = await audit.VerifyAsync();
        Assert.True(result.Ok, string.Join('\n', result.Problems));
        Assert.Equal(800, result.Events);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Append_InACallersTransaction_RollsBackWithIt(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(1);

        await using (var db = audit.NewContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var e = await audit.Log.AppendAsync(db, new AuditRecord(AuditTypes.RecordDeleted, AuditOutcomes.Success, "us-acq"));
            Assert.Equal(2, e.Seq);
            await tx.RollbackAsync();
        }
        await audit.AppendAsync(1);

        var events = await audit.EventsAsync();
        Assert.Equal([1L, 2L], events.Select(e => e.Seq));
        Assert.DoesNotContain(events, e => e.Type == AuditTypes.RecordDeleted);
        Assert.True((await audit.VerifyAsync()).Ok);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task List_FiltersByTypePrincipalAndSince(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        await audit.AppendAsync(10);
        var events = await audit.EventsAsync();
        await using var db = audit.NewContext();

        var updates = await new AuditQuery { Type = AuditTypes.RecordUpdated }.RunAsync(db, default);
        var records = await new AuditQuery { Type = "record.*", Principal = "us-acq", PageSize = 3 }.RunAsync(db, default);
        var recent = await new AuditQuery { Since = events[6].Time }.RunAsync(db, default);

        Assert.Equal(5, updates.Total);
        Assert.All(updates.Items, e => Assert.Equal(AuditTypes.RecordUpdated, e.Type));
        Assert.Equal((10, 3), (records.Total, records.Items.Count));
        Assert.Equal([10L, 9L, 8L], records.Items.Select(e => e.Seq));
        Assert.Equal([10L, 9L, 8L, 7L], recent.Items.Select(e => e.Seq));
    }
}
