using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>
/// <see cref="IJapaneseReader"/> on MeCab with IPADIC, through libmecab.so.2 (Debian: libmecab2 and
/// mecab-ipadic-utf8). <see cref="Open(string?)"/> never throws: without the library or a UTF-8 IPADIC dictionary the reader
/// is unavailable and says so in <see cref="Status"/>. A MeCab tagger is not thread-safe, so the reader keeps a pool
/// of taggers (one per concurrent caller, made on demand, all destroyed by <see cref="Dispose"/>); they share the
/// dictionary file through the page cache.
/// </summary>
public sealed class MecabReader : IJapaneseReader, IDisposable
{
    /// <summary>Where Debian's mecab-ipadic-utf8 puts the dictionary.</summary>
    public const string DefaultDictionary = "/var/lib/mecab/dic/ipadic-utf8";

    private const string AliasOnly = "kanji names match only by their original script and the list's aliases";

    private readonly string[] _arguments;
    private readonly ConcurrentBag<nint> _idle = [];
    private readonly List<nint> _all = [];
    private readonly Lock _gate = new();
    private bool _disposed;

    private MecabReader(bool available, string status, string[] arguments, nint first)
    {
        Available = available;
        Status = status;
        _arguments = arguments;
        if (first != 0)
        {
            _all.Add(first);
            _idle.Add(first);
        }
    }

    public bool Available { get; }

    public string Status { get; }

    /// <summary>The dictionary folder in use (null when unavailable, or when MeCab's own mecabrc chose it).</summary>
    public string? DictionaryDirectory { get; private init; }

    /// <summary>
    /// Loads MeCab. Tries <paramref name="dictionaryDir"/> when given, then <see cref="DefaultDictionary"/>, then the
    /// dictionary the system's mecabrc names; a dictionary counts only when it is UTF-8 and reads 東京 as トウキョウ (the
    /// IPADIC feature layout). Never throws.
    /// </summary>
    public static MecabReader Open(string? dictionaryDir = null) => Open(dictionaryDir, MecabNative.Library, true);

    /// <summary>The testable core of <see cref="Open(string?)"/>: another library name, and the fallbacks on or off.</summary>
    internal static MecabReader Open(string? dictionaryDir, string library, bool fallbacks)
    {
        if (!NativeLibrary.TryLoad(library, out var handle))
        {
            return Unavailable($"MeCab not found ({library}): {AliasOnly}; install libmecab2 and mecab-ipadic-utf8");
        }
        NativeLibrary.Free(handle);

        var candidates = new List<string?>();
        if (!string.IsNullOrWhiteSpace(dictionaryDir))
        {
            candidates.Add(dictionaryDir);
        }
        if (fallbacks)
        {
            if (!candidates.Contains(DefaultDictionary, StringComparer.Ordinal))
            {
                candidates.Add(DefaultDictionary);
            }
            candidates.Add(null);
        }

        var problems = new List<string>();
        foreach (var dir in candidates)
        {
            string[] arguments = dir is null ? ["mecab"] : ["mecab", "-d", dir];
            try
            {
                var (tagger, problem, info) = TryCreate(arguments);
                if (tagger == 0)
                {
                    problems.Add($"{dir ?? "the mecabrc default"}: {problem}");
                    continue;
                }
                var status = $"MeCab {Version()} with {info}: kanji names are read and romanized (modified Hepburn)";
                if (problems.Count > 0)
                {
                    status += $"; not used: {string.Join("; ", problems)}";
                }
                return new MecabReader(true, status, arguments, tagger)
                {
                    DictionaryDirectory = dir,
                };
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return Unavailable($"MeCab could not be loaded ({library}: {e.Message}): {AliasOnly}; install libmecab2 and mecab-ipadic-utf8");
            }
        }
        var tried = problems.Count == 0 ? "no dictionary given" : string.Join("; ", problems);
        return Unavailable($"MeCab dictionary not usable ({tried}): {AliasOnly}; install mecab-ipadic-utf8");
    }

    private static MecabReader Unavailable(string status) => new(false, status, [], 0);

    private static unsafe string Version() => MecabNative.Text(MecabNative.Version());

    /// <summary>Creates a tagger and checks its dictionary; on failure returns zero and why.</summary>
    private static unsafe (nint Tagger, string Problem, string Info) TryCreate(string[] arguments)
    {
        var tagger = NewTagger(arguments);
        if (tagger == 0)
        {
            return (0, OneLine(MecabNative.Text(MecabNative.StrError(0))), "");
        }
        var info = MecabNative.DictionaryInformation(tagger);
        var charset = info == null ? "" : MecabNative.Text(info->Charset);
        var file = info == null ? "" : MecabNative.Text(info->FileName);
        var size = info == null ? 0u : info->Size;
        if (!charset.Replace("-", "", StringComparison.Ordinal).Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            MecabNative.Destroy(tagger);
            return (0, $"{file} is {(charset.Length == 0 ? "of unknown charset" : charset)}, not UTF-8", "");
        }
        var probe = ParseWith(tagger, "東京");
        if (probe.Count != 1 || probe[0].Reading != "トウキョウ")
        {
            MecabNative.Destroy(tagger);
            return (0, $"{file} does not have IPADIC's feature layout (東京 read as {string.Join(" ", probe.Select(m => m.Reading ?? "?"))})", "");
        }
        var dir = Path.GetDirectoryName(file) ?? file;
        return (tagger, "", $"the dictionary {dir} ({charset}, {size.ToString("N0", CultureInfo.InvariantCulture)} words)");
    }

    private static unsafe nint NewTagger(string[] arguments)
    {
        var argv = stackalloc byte*[arguments.Length + 1];
        try
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                argv[i] = (byte*)Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }
            argv[arguments.Length] = null;
            return MecabNative.New(arguments.Length, argv);
        }
        finally
        {
            for (var i = 0; i < arguments.Length; i++)
            {
                Marshal.FreeCoTaskMem((nint)argv[i]);
            }
        }
    }

    private static string OneLine(string message) =>
        message.Length == 0 ? "MeCab gave no reason" : message.ReplaceLineEndings(" ").Trim();

    public IReadOnlyList<Morpheme> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Available || text.Length == 0)
        {
            return [];
        }
        var tagger = Rent();
        try
        {
            return ParseWith(tagger, text);
        }
        finally
        {
            Return(tagger);
        }
    }

    private nint Rent()
    {
        if (_idle.TryTake(out var tagger))
        {
            return tagger;
        }
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            tagger = NewTagger(_arguments);
            if (tagger == 0)
            {
                throw new InvalidOperationException($"MeCab could not make another tagger: {OneLine(ErrorOf(0))}");
            }
            _all.Add(tagger);
            return tagger;
        }
    }

    private void Return(nint tagger)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                // Disposed while this parse ran: Dispose skipped the tagger in use, so it goes now.
                _all.Remove(tagger);
                MecabNative.Destroy(tagger);
                return;
            }
            _idle.Add(tagger);
        }
    }

    private static unsafe string ErrorOf(nint tagger) => MecabNative.Text(MecabNative.StrError(tagger));

    /// <summary>Parses with one tagger (the caller owns it for the call).</summary>
    private static unsafe List<Morpheme> ParseWith(nint tagger, string text)
    {
        var byteCount = Encoding.UTF8.GetByteCount(text);
        byte[]? rented = null;
        var buffer = byteCount <= 1024 ? stackalloc byte[byteCount] : (rented = ArrayPool<byte>.Shared.Rent(byteCount));
        try
        {
            var written = Encoding.UTF8.GetBytes(text, buffer);
            fixed (byte* input = buffer)
            {
                var node = MecabNative.SparseToNode(tagger, input, (nuint)written);
                if (node == null)
                {
                    throw new InvalidOperationException($"MeCab could not parse the text: {OneLine(ErrorOf(tagger))}");
                }
                var result = new List<Morpheme>(4);
                for (node = node->Next; node != null && node->Stat != MecabNative.EndNode; node = node->Next)
                {
                    if (node->Length == 0)
                    {
                        continue;
                    }
                    var surface = Encoding.UTF8.GetString(node->Surface, node->Length);
                    var (partOfSpeech, reading) = Features(node->Feature);
                    result.Add(new Morpheme(surface, reading, partOfSpeech));
                }
                return result;
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// IPADIC features: 品詞,細分類1,細分類2,細分類3,活用型,活用形,原形,読み,発音. The part of speech is the first four
    /// fields; the reading the eighth (absent for unknown words, which have seven).
    /// </summary>
    private static unsafe (string PartOfSpeech, string? Reading) Features(byte* feature)
    {
        if (feature == null)
        {
            return ("", null);
        }
        var length = 0;
        while (feature[length] != 0)
        {
            length++;
        }
        var bytes = new ReadOnlySpan<byte>(feature, length);
        int field = 0, posEnd = length, readingStart = -1, readingEnd = length;
        for (var i = 0; i < length; i++)
        {
            if (bytes[i] != (byte)',')
            {
                continue;
            }
            field++;
            if (field == 4)
            {
                posEnd = i;
            }
            else if (field == 7)
            {
                readingStart = i + 1;
            }
            else if (field == 8)
            {
                readingEnd = i;
                break;
            }
        }
        var partOfSpeech = PartOfSpeechText(bytes[..posEnd]);
        if (readingStart < 0 || readingEnd <= readingStart)
        {
            return (partOfSpeech, null);
        }
        var reading = bytes[readingStart..readingEnd];
        return (partOfSpeech, reading is [(byte)'*'] ? null : Encoding.UTF8.GetString(reading));
    }

    // IPADIC has a few dozen part-of-speech strings; keeping each once saves an allocation per morpheme.
    private static readonly ConcurrentDictionary<string, string> PartsOfSpeech = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> PartsOfSpeechBySpan =
        PartsOfSpeech.GetAlternateLookup<ReadOnlySpan<char>>();

    private static string PartOfSpeechText(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[128];
        if (utf8.Length > chars.Length || !Encoding.UTF8.TryGetChars(utf8, chars, out var count))
        {
            return Encoding.UTF8.GetString(utf8);
        }
        var span = chars[..count];
        if (PartsOfSpeechBySpan.TryGetValue(span, out var known))
        {
            return known;
        }
        var text = span.ToString();
        return PartsOfSpeech.Count < 4096 ? PartsOfSpeech.GetOrAdd(text, text) : text;
    }

    /// <summary>Destroys every tagger; a parse still running finishes and its tagger goes when it returns.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            var idle = new HashSet<nint>();
            while (_idle.TryTake(out var tagger))
            {
                idle.Add(tagger);
            }
            foreach (var tagger in idle)
            {
                MecabNative.Destroy(tagger);
            }
            _all.RemoveAll(idle.Contains);
        }
    }
}
