using System.Text;

namespace Musubi.Fuzz;

/// <summary>
/// JSON imports (docs/formats.md §1): an array of records per file. A first-line comment such as <c>// facilities</c>
/// picks the kind (the importer skips comments); without one the file is read as organizations.
/// Invariants: those of <see cref="ImportHarness"/>.
/// </summary>
internal sealed class JsonImportTarget : IFuzzTarget
{
    private static readonly string[] Kinds =
        ["organizations", "facilities", "capabilities", "programs", "requirements", "agreements", "principals", "taxonomy"];

    private ImportHarness? _harness;

    public string Name => "json-import";

    public string Description => "JSON record files through the importer (dry run), every JSON kind";

    public void Setup() => _harness ??= new ImportHarness();

    public void Run(byte[] input)
    {
        Setup();
        var kind = KindOf(input);
        // The capability taxonomy is capabilities.json inside a folder named taxonomy.
        _harness!.Import(input, kind == "taxonomy" ? Path.Combine("taxonomy", "capabilities.json") : kind + ".json");
    }

    internal static string KindOf(byte[] input)
    {
        var end = Array.IndexOf(input, (byte)'\n');
        var first = Encoding.UTF8.GetString(input, 0, end < 0 ? Math.Min(input.Length, 64) : Math.Min(end, 64)).TrimStart('\uFEFF').Trim();
        if (!first.StartsWith("//", StringComparison.Ordinal))
        {
            return Kinds[0];
        }
        var named = first[2..].Trim();
        return Kinds.FirstOrDefault(k => string.Equals(k, named, StringComparison.Ordinal)) ?? Kinds[0];
    }
}
