using Microsoft.Extensions.Time.Testing;
using Musubi.Core.Features.Audit;

namespace Musubi.Core.Tests.Audit;

public sealed class AuditUnitTests
{
    [Fact]
    public void MerkleFrontier_MatchesRfc6962Definition_ForEverySizeUpTo70()
    {
        var hashes = Enumerable.Range(0, 70).Select(i => System.Security.Cryptography.SHA256.HashData([(byte)i])).ToList();
        var frontier = new MerkleFrontier();
        Assert.Equal(MerkleFrontier.RootOf([]), frontier.Root());
        for (var n = 1; n <= hashes.Count; n++)
        {
            frontier.Add(hashes[n - 1]);
            Assert.Equal(MerkleFrontier.RootOf(hashes.Take(n).ToList()), frontier.Root());
        }
    }

    [Fact]
    public void MerkleRoot_OfEmptyTree_IsSha256OfNothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", new MerkleFrontier().Root());

    [Fact]
    public void Hash_DistinguishesNullFromEmptyAndFieldBoundaries()
    {
        AuditEvent Make(string? principal, string? source) => new()
        {
            Seq = 1,
            Time = new DateTimeOffset(2026, 3, 15, 9, 0, 0, TimeSpan.Zero),
            Type = "t",
            Outcome = "success",
            PrincipalId = principal,
            SourceAddress = source,
            PrevHash = AuditHashing.Genesis,
            Hash = "",
        };

        Assert.NotEqual(AuditHashing.Hash(Make(null, null)), AuditHashing.Hash(Make("", null)));
        Assert.NotEqual(AuditHashing.Hash(Make("ab", "c")), AuditHashing.Hash(Make("a", "bc")));
        Assert.Equal(AuditHashing.Hash(Make("a", "b")), AuditHashing.Hash(Make("a", "b")));
    }

    [Fact]
    public void Neutralize_EscapesControlCharactersAndCapsLength()
    {
        Assert.Equal("evil\\nauth.sign_in success", AuditLog.Neutralize("evil\nauth.sign_in success", 400));
        Assert.Equal("a\\u001b[31mb\\u202ec\\r\\t", AuditLog.Neutralize("a\u001b[31mb\u202Ec\r\t", 400));
        Assert.Equal("x\uFFFDy", AuditLog.Neutralize("x\uD800y", 400));
        Assert.Equal("日本😀", AuditLog.Neutralize("日本😀", 400));
        var cut = AuditLog.Neutralize(new string('a', 500), 400)!;
        Assert.Equal(400, cut.Length);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.Null(AuditLog.Neutralize(null, 10));
    }

    [Fact]
    public void Clean_CutsEveryFieldToItsColumn()
    {
        var log = new AuditLog(new FakeTimeProvider(), new AuditOptions { SigningKeyPath = "unused.pem", MaxDetailLength = 100 });
        var clean = log.Clean(new AuditRecord(new string('t', 90), "success", new string('p', 90), new string('s', 90), new string('o', 900), new string('d', 900)));

        Assert.Equal((64, 64, 64, 400, 100), (clean.Type.Length, clean.PrincipalId!.Length, clean.SourceAddress!.Length, clean.Object!.Length, clean.Detail!.Length));
        Assert.Throws<ArgumentException>(() => log.Clean(new AuditRecord(" ", "success", null)));
    }

    [Fact]
    public void SigningKey_IsCreatedOwnerOnly_AndSignaturesVerifyOnlyUnchanged()
    {
        var path = Path.Combine(Path.GetTempPath(), "musubi-key-" + Guid.NewGuid().ToString("N") + ".pem");
        try
        {
            using var key = AuditSigningKey.LoadOrCreate(path);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
            using var again = AuditSigningKey.LoadOrCreate(path);
            Assert.Equal(key.KeyId, again.KeyId);
            Assert.Matches("^[0-9a-f]{16}$", key.KeyId);
            using var publicKey = AuditSigningKey.FromPem(key.PublicKeyPem);
            var time = new DateTimeOffset(2026, 3, 15, 9, 0, 0, TimeSpan.Zero);
            var root = new string('a', 64);
            var checkpoint = new AuditCheckpoint { TreeSize = 5, RootHash = root, Time = time, KeyId = key.KeyId, Signature = key.Sign(5, root, time) };

            Assert.True(publicKey.Verify(checkpoint));
            checkpoint.TreeSize = 6;
            Assert.False(publicKey.Verify(checkpoint));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void CheckpointFile_RoundTripsAndNamesABadLine()
    {
        using var key = AuditSigningKey.FromPem(System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256).ExportSubjectPublicKeyInfoPem());
        var time = new DateTimeOffset(2026, 3, 15, 9, 0, 0, 123, TimeSpan.Zero);
        var checkpoint = new AuditCheckpoint { TreeSize = 7, RootHash = new string('b', 64), Time = time, KeyId = key.KeyId, Signature = "c2ln" };
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, [CheckpointFile.ToLine(checkpoint, key.PublicKeyPem), ""]);
            var (lines, error) = CheckpointFile.Read(path);
            Assert.Null(error);
            var back = Assert.Single(lines).ToCheckpoint();
            Assert.Equal((7L, checkpoint.RootHash, time, key.KeyId), (back.TreeSize, back.RootHash, back.Time, back.KeyId));

            File.AppendAllLines(path, ["{not json"]);
            Assert.StartsWith(path + ":3:", CheckpointFile.Read(path).Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
