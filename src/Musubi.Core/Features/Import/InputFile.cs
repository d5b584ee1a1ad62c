using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Musubi.Core.Features.Import;

/// <summary>Checks done before a file is parsed: it exists, it is not too large, it is UTF-8.</summary>
internal static class InputFile
{
    /// <summary>Returns false (and records why) when the file must not be parsed.</summary>
    public static bool Check(string path, long maxBytes, ErrorSink errors)
    {
        var name = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            errors.Add(name, 0, "file", "file not found");
            return false;
        }
        if (info.Length > maxBytes)
        {
            errors.Add(name, 0, "file", string.Create(CultureInfo.InvariantCulture,
                $"file is {info.Length:N0} bytes, over the limit of {maxBytes:N0} bytes (Import:MaxFileBytes)"));
            return false;
        }
        if (path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        var invalidLine = FindInvalidUtf8Line(path);
        if (invalidLine > 0)
        {
            errors.Add(name, invalidLine, "file", "not valid UTF-8 (save the file as UTF-8; Shift_JIS and Latin-1 are not accepted)");
            return false;
        }
        return true;
    }

    /// <summary>The 1-based line holding the first byte that is not UTF-8, or 0 when the whole file is UTF-8.</summary>
    public static long FindInvalidUtf8Line(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var chars = ArrayPool<char>.Shared.Rent(1 << 20);
        try
        {
            long line = 1;
            var carry = 0;
            int read;
            while ((read = stream.Read(buffer, carry, buffer.Length - carry)) > 0 || carry > 0)
            {
                var length = carry + read;
                var final = read == 0;
                var status = Utf8.ToUtf16(buffer.AsSpan(0, length), chars, out var bytesRead, out _, replaceInvalidSequences: false, isFinalBlock: final);
                line += buffer.AsSpan(0, bytesRead).Count((byte)'\n');
                if (status == OperationStatus.InvalidData)
                {
                    return line;
                }
                carry = length - bytesRead;
                if (carry > 0)
                {
                    if (final)
                    {
                        return line;
                    }
                    Array.Copy(buffer, bytesRead, buffer, 0, carry);
                }
            }
            return 0;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    public static StreamReader OpenText(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan),
            new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
}
