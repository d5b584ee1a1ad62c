using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Musubi.Core.Features.Audit;

/// <summary>
/// The canonical form of an audit event and its hash. Every field is length-prefixed, so no two different events
/// encode alike: <c>"musubi-audit-event/v1"</c>, then Seq (8 bytes big-endian), then Time, Type, Outcome, PrincipalId,
/// SourceAddress, Object, Detail, PrevHash, each as a 0 byte (null) or a 1 byte, a 4-byte big-endian length and the
/// UTF-8 bytes. Time is UTC with exactly six fraction digits (<see cref="TimeText"/>).
/// </summary>
public static class AuditHashing
{
    public static readonly string Genesis = new('0', 64);

    private static readonly byte[] Domain = Encoding.ASCII.GetBytes("musubi-audit-event/v1");

    /// <summary>
    /// UTC, truncated to whole microseconds: PostgreSQL's timestamptz keeps microseconds and SQLite keeps the text,
    /// so the stored time reads back exactly as it was hashed on both.
    /// </summary>
    public static DateTimeOffset Normalize(DateTimeOffset time)
    {
        var ticks = time.UtcTicks;
        return new DateTimeOffset(ticks - (ticks % 10), TimeSpan.Zero);
    }

    public static string TimeText(DateTimeOffset time) =>
        Normalize(time).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string Hash(AuditEvent e) => Convert.ToHexStringLower(HashBytes(e));

    public static byte[] HashBytes(AuditEvent e)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(seq, e.Seq);
        hash.AppendData(seq);
        Field(hash, TimeText(e.Time));
        Field(hash, e.Type);
        Field(hash, e.Outcome);
        Field(hash, e.PrincipalId);
        Field(hash, e.SourceAddress);
        Field(hash, e.Object);
        Field(hash, e.Detail);
        Field(hash, e.PrevHash);
        return hash.GetHashAndReset();
    }

    private static void Field(IncrementalHash hash, string? value)
    {
        Span<byte> head = stackalloc byte[5];
        if (value is null)
        {
            hash.AppendData(head[..1]); // 0: null, distinct from the empty string
            return;
        }
        var count = Encoding.UTF8.GetByteCount(value);
        head[0] = 1;
        BinaryPrimitives.WriteInt32BigEndian(head[1..], count);
        hash.AppendData(head);
        if (count <= 1024)
        {
            Span<byte> bytes = stackalloc byte[count];
            Encoding.UTF8.GetBytes(value, bytes);
            hash.AppendData(bytes);
        }
        else
        {
            hash.AppendData(Encoding.UTF8.GetBytes(value));
        }
    }
}

/// <summary>
/// An RFC 6962 Merkle tree kept as its right frontier (the roots of its perfect subtrees, largest first), so leaves
/// are added in O(log n) and the tree head of any prefix is computed while streaming: leaf = SHA-256(0x00 ‖ event
/// hash), node = SHA-256(0x01 ‖ left ‖ right), the empty tree = SHA-256("").
/// </summary>
public sealed class MerkleFrontier
{
    private readonly List<(int Height, byte[] Hash)> _stack = [];

    public long Count { get; private set; }

    /// <summary>Adds the leaf for one event hash (32 bytes).</summary>
    public void Add(ReadOnlySpan<byte> eventHash)
    {
        Span<byte> leaf = stackalloc byte[33];
        leaf[0] = 0;
        eventHash.CopyTo(leaf[1..]);
        var node = SHA256.HashData(leaf);
        var height = 0;
        while (_stack.Count > 0 && _stack[^1].Height == height)
        {
            node = Node(_stack[^1].Hash, node);
            _stack.RemoveAt(_stack.Count - 1);
            height++;
        }
        _stack.Add((height, node));
        Count++;
    }

    public void Add(string eventHashHex) => Add(Convert.FromHexString(eventHashHex));

    /// <summary>The tree head (hex) over the leaves added so far.</summary>
    public string Root()
    {
        if (_stack.Count == 0)
        {
            return Convert.ToHexStringLower(SHA256.HashData([]));
        }
        var root = _stack[^1].Hash;
        for (var i = _stack.Count - 2; i >= 0; i--)
        {
            root = Node(_stack[i].Hash, root);
        }
        return Convert.ToHexStringLower(root);
    }

    public MerkleFrontier Clone()
    {
        var copy = new MerkleFrontier { Count = Count };
        copy._stack.AddRange(_stack);
        return copy;
    }

    /// <summary>RFC 6962 §2.1 by its recursive definition, for tests: MTH over the given event hashes.</summary>
    public static string RootOf(IReadOnlyList<byte[]> eventHashes) => Convert.ToHexStringLower(Mth(eventHashes, 0, eventHashes.Count));

    private static byte[] Mth(IReadOnlyList<byte[]> d, int start, int n)
    {
        if (n == 0)
        {
            return SHA256.HashData([]);
        }
        if (n == 1)
        {
            return SHA256.HashData([0, .. d[start]]);
        }
        var k = 1;
        while (k * 2 < n)
        {
            k *= 2;
        }
        return Node(Mth(d, start, k), Mth(d, start + k, n - k));
    }

    private static byte[] Node(byte[] left, byte[] right)
    {
        Span<byte> buffer = stackalloc byte[65];
        buffer[0] = 1;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[33..]);
        return SHA256.HashData(buffer);
    }
}
