namespace Musubi.Core.Features.Import;

/// <summary>What a file holds, told by its name (docs/formats.md).</summary>
public enum ImportKind
{
    Taxonomy, Organizations, Facilities, Capabilities, Programs, Requirements, Agreements, Principals,
    Parts, Offers, OfferInputs, ApprovedSources,
}

public static class ImportKinds
{
    private static readonly Dictionary<string, ImportKind> ByStem = new(StringComparer.OrdinalIgnoreCase)
    {
        ["taxonomy"] = ImportKind.Taxonomy,
        ["organizations"] = ImportKind.Organizations,
        ["facilities"] = ImportKind.Facilities,
        ["capabilities"] = ImportKind.Capabilities,
        ["programs"] = ImportKind.Programs,
        ["requirements"] = ImportKind.Requirements,
        ["agreements"] = ImportKind.Agreements,
        ["principals"] = ImportKind.Principals,
        ["parts"] = ImportKind.Parts,
        ["offers"] = ImportKind.Offers,
        ["offer_inputs"] = ImportKind.OfferInputs,
        ["approved_sources"] = ImportKind.ApprovedSources,
    };

    public static readonly string[] Extensions = [".csv", ".json", ".xlsx"];

    /// <summary>
    /// The kind a file holds: its name without extension, except that <c>capabilities.json</c> inside a folder named
    /// <c>taxonomy</c> is the capability taxonomy.
    /// </summary>
    public static ImportKind? Of(string path)
    {
        var ext = Path.GetExtension(path);
        if (!Extensions.Contains(ext, StringComparer.OrdinalIgnoreCase))
        {
            return null;
        }
        var folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        if (string.Equals(folder, "taxonomy", StringComparison.OrdinalIgnoreCase))
        {
            return ImportKind.Taxonomy;
        }
        return ByStem.TryGetValue(Path.GetFileNameWithoutExtension(path), out var kind) ? kind : null;
    }

    public static string FileStem(ImportKind kind) => ByStem.First(kv => kv.Value == kind).Key;

    /// <summary>Kinds that can be written as CSV and XLSX as well as JSON.</summary>
    public static readonly ImportKind[] Tabular =
        [ImportKind.Organizations, ImportKind.Facilities, ImportKind.Capabilities, ImportKind.Requirements, ImportKind.Agreements];

    public static readonly ImportKind[] PackageKinds =
        [ImportKind.Parts, ImportKind.Offers, ImportKind.OfferInputs, ImportKind.ApprovedSources];
}
