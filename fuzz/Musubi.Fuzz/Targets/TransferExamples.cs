using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Fuzz;

/// <summary>The shared examples of issue #3 (embedded from the engine tests' copy), read with the default rule set.</summary>
internal static class TransferExamples
{
    private static readonly Lazy<IReadOnlyList<TransferCase>> Cases = new(Read);

    public static IReadOnlyList<TransferCase> All => Cases.Value;

    private static List<TransferCase> Read()
    {
        using var stream = typeof(TransferExamples).Assembly.GetManifestResourceStream("transfer_cases.json")!;
        using var doc = JsonDocument.Parse(stream);
        var rules = RuleSet.LoadDefault();
        var cases = new List<TransferCase>();
        foreach (var el in doc.RootElement.EnumerateArray())
        {
            var problems = new List<CaseProblem>();
            cases.Add(TransferCaseReader.ReadCase(el.GetProperty("case"), "", rules, null, problems)
                ?? throw new InvalidOperationException("an example does not read: " + string.Join("; ", problems)));
        }
        return cases;
    }

    /// <summary>Whether two cases hold the same values (what the engine reads), field by field.</summary>
    public static bool Same(TransferCase a, TransferCase b) =>
        a.Id == b.Id && a.Date == b.Date && a.From == b.From && a.To == b.To && a.Channel == b.Channel
        && a.Recipient == b.Recipient && a.ValueUsd == b.ValueUsd && a.Purpose == b.Purpose
        && a.Facts.Count == b.Facts.Count && a.Facts.All(kv => b.Facts.TryGetValue(kv.Key, out var v) && v == kv.Value)
        && SameItem(a.Item, b.Item);

    private static bool SameItem(TransferItem a, TransferItem b) =>
        a.Name == b.Name && a.Kind == b.Kind && a.Weapon == b.Weapon && a.Category == b.Category && a.Origin == b.Origin
        && a.Licensor == b.Licensor && a.MadeIn == b.MadeIn && a.CoDevelopers.SequenceEqual(b.CoDevelopers, StringComparer.Ordinal)
        && a.Program == b.Program && a.Mde == b.Mde && a.Sme == b.Sme && a.Usml == b.Usml && a.Eccn == b.Eccn
        && a.MtcrCategory == b.MtcrCategory && a.Uas == b.Uas && a.MaxSpeedKmh == b.MaxSpeedKmh;

    /// <summary>Whether a problem's text would print as more than one line (a forged <c>file:line:field</c> entry).</summary>
    public static bool MultiLine(string s) => s.AsSpan().IndexOfAny('\n', '\r', '\u2028') >= 0 || s.AsSpan().IndexOf('\u2029') >= 0;
}
