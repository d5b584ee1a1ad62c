using System.Diagnostics;
using System.Globalization;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;

namespace Musubi.Benchmarks;

/// <summary>
/// The product path of "re-evaluate saved checks after a rule change": a SQLite database holding COUNT saved checks,
/// saved through <see cref="TransferService.SaveAsync"/> exactly as the API and CLI save them (rows, the rule set stored
/// under its hash, one audit record per check), and a data directory with one rule's date moved. bench/transfers.sh
/// then times <c>./musubi transfers recheck --db … --rules …</c> as a whole process (start-up, EF, reading every row,
/// parsing, evaluating, comparing, writing the report).
/// </summary>
internal static class RecheckDatabase
{
    private const int Batch = 10_000;

    public static async Task<int> RunAsync(int count, string dbPath, string changedDataDir)
    {
        var inv = CultureInfo.InvariantCulture;
        var clock = Stopwatch.StartNew();
        var target = DatabaseTarget.TryParse("sqlite:" + dbPath, out var error) ?? throw new ArgumentException(error);
        await using var db = target.CreateContext(TimeProvider.System);
        await DatabaseSetup.MigrateAsync(db, CancellationToken.None);
        db.Scope = AccessScope.System;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var service = new TransferService(TimeProvider.System);
        var audit = new AuditTrail(new AuditLog(TimeProvider.System, AuditOptions.For(target)), "bench", "local");
        var batch = new List<Evaluated>(Batch);
        var saved = 0;
        foreach (var c in CaseMix.Generate(count, seed: 11))
        {
            batch.Add(new Evaluated(new ReadCase(c, TransferJson.Serialize(c)), service.Engine.Evaluate(c)));
            if (batch.Count == Batch)
            {
                saved += (await service.SaveAsync(db, batch, new Marking(), audit)).Count;
                db.ChangeTracker.Clear();
                batch.Clear();
            }
        }
        if (batch.Count > 0)
        {
            saved += (await service.SaveAsync(db, batch, new Marking(), audit)).Count;
        }
        var changed = Reevaluation.ChangedSet(service.Rules, changedDataDir);
        Console.WriteLine(string.Create(inv, $"saved {saved:N0} checks under {service.Rules.Hash[..19]}… into {dbPath} ({new FileInfo(dbPath).Length / 1e6:0} MB) in {clock.Elapsed.TotalSeconds:0} s (not timed); changed rule set in {changedDataDir} ({changed.Hash[..19]}…)"));
        return saved == count ? 0 : 1;
    }
}
