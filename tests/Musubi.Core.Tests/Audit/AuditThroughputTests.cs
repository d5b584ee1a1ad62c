using System.Diagnostics;
using System.Globalization;
using Musubi.Core.Features.Audit;
using Musubi.Testing;
using Xunit.Abstractions;

namespace Musubi.Core.Tests.Audit;

/// <summary>
/// Append and verify throughput. Small by default (a test that the log grows and verifies at size); bench/audit.sh
/// sets <c>MUSUBI_AUDIT_BENCH_EVENTS=1000000</c> and collects the figures from <c>MUSUBI_AUDIT_BENCH_SUMMARY</c>.
/// </summary>
public sealed class AuditThroughputTests(ITestOutputHelper output)
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Appends_AndVerification_KeepUpAtSize(string provider)
    {
        var events = Setting("MUSUBI_AUDIT_BENCH_EVENTS", 3000);
        var singles = Math.Min(events, Setting("MUSUBI_AUDIT_BENCH_APPENDS", 500));
        await using var audit = await AuditFixture.CreateAsync(provider, checkpointEvery: Math.Max(1000, events / 100));
        await using var db = audit.NewContext();
        string Detail(int i) => string.Create(CultureInfo.InvariantCulture, $$"""{"version":{{i}},"marking":"CUI//NOFORN"}""");

        // One event per transaction, as a request appends it.
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < singles; i++)
        {
            await audit.Log.AppendAsync(db, new AuditRecord(AuditTypes.RecordUpdated, AuditOutcomes.Success, "us-acq", "192.0.2.7", $"organizations/org-{i}", Detail(i)));
        }
        var singleRate = singles / clock.Elapsed.TotalSeconds;

        // The rest in batches of 1,000 per transaction (how a bulk job or a backfill appends).
        clock.Restart();
        for (var done = singles; done < events;)
        {
            var batch = Enumerable.Range(done, Math.Min(1000, events - done))
                .Select(i => new AuditRecord(AuditTypes.RecordRead, AuditOutcomes.Success, "jp-atla", "198.51.100.4", $"parts/p-{i}", Detail(i))).ToList();
            await audit.Log.AppendBatchAsync(db, batch);
            done += batch.Count;
        }
        var batchRate = (events - singles) / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        await audit.Log.CheckpointAsync(db);

        clock.Restart();
        var result = await audit.VerifyAsync();
        var verifyRate = result.Events / clock.Elapsed.TotalSeconds;

        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {provider} | {events:N0} | {singleRate:N0} | {batchRate:N0} | {clock.Elapsed.TotalSeconds:F1} s | {verifyRate:N0} | {result.Checkpoints} |");
        output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("MUSUBI_AUDIT_BENCH_SUMMARY") is { Length: > 0 } summary)
        {
            await File.AppendAllLinesAsync(summary, [line]);
        }
        Assert.True(result.Ok, string.Join('\n', result.Problems));
        Assert.Equal(events, result.Events);
        Assert.True(result.Checkpoints >= 2);
    }
}
