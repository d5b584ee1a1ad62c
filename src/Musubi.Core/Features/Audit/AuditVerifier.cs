using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Audit;

/// <summary>One thing wrong with the log, at the Seq (or checkpoint tree size) where it shows.</summary>
public sealed record AuditProblem(long Seq, string Kind, string Message)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"seq {Seq}: {Kind}: {Message}");
}

public sealed record AuditVerification(long Events, int Checkpoints, int ExternalCheckpoints, IReadOnlyList<AuditProblem> Problems, long ProblemCount, string? Root)
{
    public bool Ok => ProblemCount == 0;
}

/// <summary>
/// Checks the audit log end to end, streaming it in Seq order (constant memory for any length): each record's hash
/// recomputed from its fields, each PrevHash against the record before, Seq without gaps, the RFC 6962 tree head at
/// every checkpoint's size against the checkpoint, every signature, and checkpoints held outside the database against
/// both the log and the database's own checkpoints (a log rewritten together with its checkpoints still fails there).
/// </summary>
public static class AuditVerifier
{
    /// <summary>At most this many problems are listed (all are counted): one reordering can break a million links.</summary>
    public const int MaxListed = 1000;

    /// <summary>The local signing key's public half, when its file exists (verifying never creates a key).</summary>
    public static List<AuditSigningKey> LocalKeys(AuditOptions options)
    {
        if (!File.Exists(options.SigningKeyPath))
        {
            return [];
        }
        using var key = AuditSigningKey.LoadOrCreate(options.SigningKeyPath);
        return [AuditSigningKey.FromPem(key.PublicKeyPem)];
    }

    /// <param name="external">Checkpoints held outside the database (see <see cref="CheckpointFile"/>).</param>
    /// <param name="trustedKeys">Public keys that may have signed checkpoints; a checkpoint signed by any other key fails.</param>
    public static async Task<AuditVerification> VerifyAsync(AppDbContext db, IReadOnlyList<AuditCheckpoint>? external,
        IReadOnlyList<AuditSigningKey> trustedKeys, CancellationToken ct = default)
    {
        var problems = new List<AuditProblem>();
        long count = 0;
        void Problem(long seq, string kind, string message)
        {
            count++;
            if (problems.Count < MaxListed)
            {
                problems.Add(new AuditProblem(seq, kind, message));
            }
        }

        var stored = await db.AuditCheckpoints.AsNoTracking().OrderBy(c => c.TreeSize).ToListAsync(ct);
        var outside = (external ?? []).OrderBy(c => c.TreeSize).ToList();
        foreach (var (c, where) in stored.Select(c => (c, "database")).Concat(outside.Select(c => (c, "external file"))))
        {
            var key = trustedKeys.FirstOrDefault(k => string.Equals(k.KeyId, c.KeyId, StringComparison.Ordinal));
            if (key is null)
            {
                Problem(c.TreeSize, "checkpoint-key", $"the {where} checkpoint at tree size {c.TreeSize} is signed by key {c.KeyId}, which is not a trusted key");
            }
            else if (!key.Verify(c))
            {
                Problem(c.TreeSize, "checkpoint-signature", $"the {where} checkpoint at tree size {c.TreeSize} has a signature that does not verify: forged or altered");
            }
        }
        var storedBySize = stored.ToDictionary(c => c.TreeSize);
        foreach (var c in outside)
        {
            if (!storedBySize.TryGetValue(c.TreeSize, out var s))
            {
                Problem(c.TreeSize, "checkpoint-missing", $"the external checkpoint at tree size {c.TreeSize} is missing from the database");
            }
            else if (!string.Equals(s.RootHash, c.RootHash, StringComparison.OrdinalIgnoreCase))
            {
                Problem(c.TreeSize, "checkpoint-rewritten", $"the database's checkpoint at tree size {c.TreeSize} has root {s.RootHash}, the external one {c.RootHash}: the database was rewritten");
            }
        }

        // Every size that a checkpoint names, with the roots claimed for it.
        var claims = stored.Select(c => (c.TreeSize, c.RootHash, Where: "database"))
            .Concat(outside.Select(c => (c.TreeSize, c.RootHash, Where: "external")))
            .GroupBy(c => c.TreeSize).OrderBy(g => g.Key).ToList();
        var next = 0;

        var frontier = new MerkleFrontier();
        long expected = 1;
        var prevHash = AuditHashing.Genesis;
        await foreach (var e in db.AuditEvents.AsNoTracking().OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (e.Seq != expected)
            {
                Problem(e.Seq, "seq-gap", e.Seq > expected
                    ? string.Create(CultureInfo.InvariantCulture, $"records {expected}..{e.Seq - 1} are missing (deleted)")
                    : string.Create(CultureInfo.InvariantCulture, $"expected Seq {expected}, found {e.Seq}"));
            }
            var hash = AuditHashing.HashBytes(e);
            var hex = Convert.ToHexStringLower(hash);
            if (!string.Equals(hex, e.Hash, StringComparison.OrdinalIgnoreCase))
            {
                Problem(e.Seq, "hash", "the record's fields do not hash to its stored hash: the record was changed");
            }
            if (!string.Equals(e.PrevHash, prevHash, StringComparison.OrdinalIgnoreCase))
            {
                Problem(e.Seq, "chain", "PrevHash is not the hash of the record before it: a record was inserted, removed or reordered");
            }
            prevHash = e.Hash;
            expected = e.Seq + 1;
            frontier.Add(hash);
            while (next < claims.Count && claims[next].Key == frontier.Count)
            {
                var root = frontier.Root();
                foreach (var claim in claims[next].Where(c => !string.Equals(c.RootHash, root, StringComparison.OrdinalIgnoreCase)))
                {
                    Problem(claim.TreeSize, "checkpoint-root", string.Create(CultureInfo.InvariantCulture,
                        $"the {claim.Where} checkpoint at tree size {claim.TreeSize} has root {claim.RootHash}, but the first {claim.TreeSize} records give {root}: records up to {claim.TreeSize} were rewritten"));
                }
                next++;
            }
        }
        for (; next < claims.Count; next++)
        {
            foreach (var claim in claims[next])
            {
                Problem(frontier.Count + 1, "truncated", string.Create(CultureInfo.InvariantCulture,
                    $"the {claim.Where} checkpoint covers {claim.TreeSize} records but the log holds {frontier.Count}: the tail was removed"));
            }
        }
        return new AuditVerification(frontier.Count, stored.Count, outside.Count, problems, count, frontier.Count > 0 ? frontier.Root() : null);
    }
}
