using System.Runtime.InteropServices;

namespace Musubi.Engines.Screening;

/// <summary>
/// The few functions of MeCab's C API (mecab.h, 0.996) the reader uses. Every string MeCab returns is UTF-8 owned by
/// the tagger; node pointers stay valid until the tagger's next parse.
/// </summary>
internal static unsafe partial class MecabNative
{
    /// <summary>The shared library Debian's libmecab2 installs (in /usr/lib/x86_64-linux-gnu).</summary>
    public const string Library = "libmecab.so.2";

    public const byte NormalNode = 0;
    public const byte UnknownNode = 1;
    public const byte BeginNode = 2;
    public const byte EndNode = 3;

    /// <summary><c>mecab_t *mecab_new(int argc, char **argv)</c>: argv as the command line (argv[0] is a name).</summary>
    [LibraryImport(Library, EntryPoint = "mecab_new")]
    public static partial nint New(int argc, byte** argv);

    [LibraryImport(Library, EntryPoint = "mecab_destroy")]
    public static partial void Destroy(nint mecab);

    /// <summary>The last error of <paramref name="mecab"/>, or of the last failed <c>mecab_new</c> when zero.</summary>
    [LibraryImport(Library, EntryPoint = "mecab_strerror")]
    public static partial byte* StrError(nint mecab);

    [LibraryImport(Library, EntryPoint = "mecab_version")]
    public static partial byte* Version();

    /// <summary>Parses <paramref name="length"/> bytes of UTF-8 (no terminator needed); returns the BOS node.</summary>
    [LibraryImport(Library, EntryPoint = "mecab_sparse_tonode2")]
    public static partial Node* SparseToNode(nint mecab, byte* text, nuint length);

    [LibraryImport(Library, EntryPoint = "mecab_dictionary_info")]
    public static partial DictionaryInfo* DictionaryInformation(nint mecab);

    /// <summary>Decodes a NUL-terminated UTF-8 string owned by MeCab (empty for null).</summary>
    public static string Text(byte* utf8) => utf8 == null ? "" : Marshal.PtrToStringUTF8((nint)utf8) ?? "";

    /// <summary><c>struct mecab_node_t</c> (field order and C alignment as in mecab.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Node
    {
        public Node* Prev;
        public Node* Next;
        public Node* ENext;
        public Node* BNext;
        public nint RPath;
        public nint LPath;
        public byte* Surface;
        public byte* Feature;
        public uint Id;
        public ushort Length;
        public ushort RLength;
        public ushort RcAttr;
        public ushort LcAttr;
        public ushort PosId;
        public byte CharType;
        public byte Stat;
        public byte IsBest;
        public float Alpha;
        public float Beta;
        public float Prob;
        public short WCost;
        public nint Cost;
    }

    /// <summary><c>struct mecab_dictionary_info_t</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct DictionaryInfo
    {
        public byte* FileName;
        public byte* Charset;
        public uint Size;
        public int Type;
        public uint LSize;
        public uint RSize;
        public ushort Version;
        public DictionaryInfo* Next;
    }
}
