using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;

namespace Musubi.Engines.Screening;

/// <summary>Bytes in: hashed as they are read, checked for UTF-8 line by line, the byte-order mark dropped.</summary>
internal static class ListInput
{
    public const string NotUtf8 = "not valid UTF-8 (save the file as UTF-8; Shift_JIS, Latin-1 and UTF-16 are not accepted)";

    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads the whole stream, returning its bytes and their SHA-256 (lower-case hex).</summary>
    public static (byte[] Data, string Hash) ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var data = copy.ToArray();
        return (data, Convert.ToHexStringLower(SHA256.HashData(data)));
    }

    public static int BomLength(ReadOnlySpan<byte> data) => data.StartsWith("\uFEFF"u8) ? 3 : 0;

    /// <summary>
    /// Records every line (up to the sink's limit) that is not UTF-8, counting <c>\n</c> as the line break — and, when
    /// <paramref name="crIsBreak"/>, a lone <c>\r</c> too (as CSV readers and editors count) — and returns whether the
    /// whole text is UTF-8. A line break byte is never part of a multi-byte sequence, so line by line is exact.
    /// </summary>
    public static bool CheckUtf8(ReadOnlySpan<byte> data, bool crIsBreak, ProblemSink problems)
    {
        if (Utf8.IsValid(data))
        {
            return true;
        }
        var line = 1;
        var start = 0;
        for (var i = 0; i <= data.Length && !problems.Full; i++)
        {
            var end = i == data.Length;
            var lf = !end && data[i] == (byte)'\n';
            var cr = !end && crIsBreak && data[i] == (byte)'\r' && (i + 1 >= data.Length || data[i + 1] != (byte)'\n');
            if (!end && !lf && !cr)
            {
                continue;
            }
            if (!Utf8.IsValid(data[start..i]))
            {
                problems.Add(line, "(encoding)", NotUtf8);
            }
            line++;
            start = i + 1;
        }
        return false;
    }

    /// <summary>Decodes UTF-8 already checked by <see cref="CheckUtf8"/>.</summary>
    public static string Decode(ReadOnlySpan<byte> data) => Strict.GetString(data);
}

/// <summary>
/// Splits a stream into lines at <c>\n</c> without holding more than the longest line, hashing every byte read
/// (FollowTheMoney exports run to gigabytes). A trailing <c>\r</c> is dropped from each line.
/// </summary>
internal sealed class ByteLines : IDisposable
{
    private readonly Stream _stream;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
    private int _start;
    private int _end;
    private bool _eof;
    private int _scanned;

    public ByteLines(Stream stream) => _stream = stream;

    /// <summary>The 1-based number of the line last returned.</summary>
    public int Line { get; private set; }

    /// <summary>The next line (without its line break) as a slice of the internal buffer, valid until the next call.</summary>
    public bool Next(out ArraySegment<byte> line)
    {
        while (true)
        {
            var nl = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                var length = _scanned + nl;
                line = Trim(new ArraySegment<byte>(_buffer, _start, length));
                _start += length + 1;
                _scanned = 0;
                Line++;
                return true;
            }
            _scanned = _end - _start;
            if (_eof)
            {
                if (_end > _start)
                {
                    line = Trim(new ArraySegment<byte>(_buffer, _start, _end - _start));
                    _start = _end;
                    _scanned = 0;
                    Line++;
                    return true;
                }
                line = default;
                return false;
            }
            Fill();
        }
    }

    /// <summary>Reads what is left (so the hash covers the whole stream) and returns the SHA-256 in lower-case hex.</summary>
    public string FinishHash()
    {
        while (!_eof)
        {
            _start = _end = _scanned = 0;
            Fill();
        }
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    private static ArraySegment<byte> Trim(ArraySegment<byte> line) =>
        line.Count > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }
        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return;
        }
        _hash.AppendData(_buffer, _end, read);
        _end += read;
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
