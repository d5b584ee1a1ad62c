using Musubi.Core.Features.Import;

namespace Musubi.Fuzz;

/// <summary>
/// CSV imports (docs/formats.md §2–3): registry tables and the package tables. The header picks the kind — the one
/// whose columns it names most — so that a seed for offers keeps fuzzing the offers reader while AFL mutates it.
/// Invariants: those of <see cref="ImportHarness"/>.
/// </summary>
internal sealed class CsvImportTarget : IFuzzTarget
{
    private static readonly (string Stem, string[] Columns)[] Kinds =
    [
        ("organizations", [.. RegistryRows.OrganizationRequired, .. RegistryRows.OrganizationOptional]),
        ("facilities", [.. RegistryRows.FacilityRequired, .. RegistryRows.FacilityOptional]),
        ("capabilities", [.. RegistryRows.CapabilityRequired, .. RegistryRows.CapabilityOptional]),
        ("requirements", [.. RegistryRows.RequirementRequired, .. RegistryRows.RequirementOptional]),
        ("agreements", [.. RegistryRows.AgreementRequired, .. RegistryRows.AgreementOptional]),
        ("parts", [.. PackageRows.PartRequired, .. PackageRows.PartOptional]),
        ("offers", [.. PackageRows.OfferRequired, .. PackageRows.OfferOptional]),
        ("offer_inputs", PackageRows.OfferInputRequired),
        ("approved_sources", PackageRows.ApprovedSourceRequired),
    ];

    private ImportHarness? _harness;

    public string Name => "csv-import";

    public string Description => "CSV files through the importer (dry run): registry and package tables";

    public void Setup() => _harness ??= new ImportHarness();

    public void Run(byte[] input)
    {
        Setup();
        _harness!.Import(input, KindOf(input) + ".csv");
    }

    /// <summary>The kind whose columns the first line names most (organizations when none).</summary>
    internal static string KindOf(byte[] input)
    {
        var end = Array.IndexOf(input, (byte)'\n');
        var header = System.Text.Encoding.UTF8.GetString(input, 0, end < 0 ? input.Length : end);
        var names = header.Split(',', StringSplitOptions.TrimEntries)
            .Select(c => c.Trim('"', '\uFEFF').ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        var best = Kinds[0].Stem;
        var bestScore = 0;
        foreach (var (stem, columns) in Kinds)
        {
            // Ties go to the kind with fewer columns: approved_sources' three columns all appear in offer_inputs' header too.
            var score = (columns.Count(names.Contains) * 100) - columns.Length;
            if (columns.Any(names.Contains) && (bestScore == 0 || score > bestScore))
            {
                best = stem;
                bestScore = score;
            }
        }
        return best;
    }
}
