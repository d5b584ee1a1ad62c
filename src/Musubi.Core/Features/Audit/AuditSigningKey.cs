using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Musubi.Core.Features.Audit;

/// <summary>
/// The ECDSA P-256 key that signs checkpoints, kept in a PEM file outside the database. Its id is the first 16 hex
/// characters of the SHA-256 of its SubjectPublicKeyInfo.
/// </summary>
public sealed class AuditSigningKey : IDisposable
{
    private AuditSigningKey(ECDsa key, bool hasPrivate)
    {
        Key = key;
        HasPrivateKey = hasPrivate;
        var spki = key.ExportSubjectPublicKeyInfo();
        KeyId = Convert.ToHexStringLower(SHA256.HashData(spki))[..16];
        PublicKeyPem = key.ExportSubjectPublicKeyInfoPem();
    }

    public ECDsa Key { get; }
    public bool HasPrivateKey { get; }
    public string KeyId { get; }
    public string PublicKeyPem { get; }

    /// <summary>Loads the private key from <paramref name="path"/>, creating the file (owner read/write only) when it does not exist.</summary>
    public static AuditSigningKey LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var pem = fresh.ExportPkcs8PrivateKeyPem();
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }
                using var stream = new FileStream(path, options);
                stream.Write(Encoding.ASCII.GetBytes(pem));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another process created it first: use theirs.
            }
        }
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return new AuditSigningKey(key, hasPrivate: true);
    }

    /// <summary>A public key (PEM, "BEGIN PUBLIC KEY"; a private key PEM is accepted and only its public half used).</summary>
    public static AuditSigningKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        var publicOnly = ECDsa.Create();
        publicOnly.ImportSubjectPublicKeyInfo(key.ExportSubjectPublicKeyInfo(), out _);
        key.Dispose();
        return new AuditSigningKey(publicOnly, hasPrivate: false);
    }

    /// <summary>What a checkpoint's signature covers: the tree size, the root and the time, one per line.</summary>
    public static byte[] SignedText(long treeSize, string rootHash, DateTimeOffset time) => Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
        $"musubi-audit-checkpoint/v1\n{treeSize}\n{rootHash}\n{AuditHashing.TimeText(time)}\n"));

    public string Sign(long treeSize, string rootHash, DateTimeOffset time) =>
        Convert.ToBase64String(Key.SignData(SignedText(treeSize, rootHash, time), HashAlgorithmName.SHA256));

    public bool Verify(AuditCheckpoint checkpoint)
    {
        if (!string.Equals(checkpoint.KeyId, KeyId, StringComparison.Ordinal))
        {
            return false;
        }
        var signature = new byte[checkpoint.Signature.Length];
        if (!Convert.TryFromBase64String(checkpoint.Signature, signature, out var length))
        {
            return false;
        }
        return Key.VerifyData(SignedText(checkpoint.TreeSize, checkpoint.RootHash, checkpoint.Time), signature.AsSpan(0, length), HashAlgorithmName.SHA256);
    }

    public void Dispose() => Key.Dispose();
}

/// <summary>One line of an exported checkpoint file: the checkpoint and the public key that verifies it.</summary>
public sealed record CheckpointLine(
    [property: JsonPropertyName("tree_size")] long TreeSize,
    [property: JsonPropertyName("root_hash")] string RootHash,
    [property: JsonPropertyName("time")] string Time,
    [property: JsonPropertyName("key_id")] string KeyId,
    [property: JsonPropertyName("signature")] string Signature,
    [property: JsonPropertyName("public_key")] string PublicKey)
{
    public AuditCheckpoint ToCheckpoint() => new()
    {
        TreeSize = TreeSize,
        RootHash = RootHash,
        Time = DateTimeOffset.Parse(Time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
        KeyId = KeyId,
        Signature = Signature,
    };
}

/// <summary>Checkpoints as JSON lines, to hold outside the database (another host, a ticket, a printout).</summary>
public static class CheckpointFile
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static string ToLine(AuditCheckpoint c, string publicKeyPem) => JsonSerializer.Serialize(
        new CheckpointLine(c.TreeSize, c.RootHash, AuditHashing.TimeText(c.Time), c.KeyId, c.Signature, publicKeyPem), Json);

    /// <summary>Reads a checkpoint file; a line that is not a checkpoint is an error naming the line.</summary>
    public static (List<CheckpointLine> Lines, string? Error) Read(string path)
    {
        var lines = new List<CheckpointLine>();
        var number = 0;
        foreach (var text in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            try
            {
                var line = JsonSerializer.Deserialize<CheckpointLine>(text, Json);
                if (line is null || line.TreeSize < 1 || line.RootHash is null || line.Signature is null || line.KeyId is null || line.Time is null || line.PublicKey is null)
                {
                    return (lines, string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: not a checkpoint (tree_size, root_hash, time, key_id, signature, public_key)"));
                }
                _ = line.ToCheckpoint();
                lines.Add(line);
            }
            catch (Exception ex) when (ex is JsonException or FormatException)
            {
                return (lines, string.Create(CultureInfo.InvariantCulture, $"{path}:{number}: not a checkpoint: {ex.Message}"));
            }
        }
        return (lines, null);
    }
}
