using System.Collections.Frozen;

namespace Musubi.Core.Features.Access;

/// <summary>
/// The vocabulary of banners Musubi accepts: a curated subset of the NARA CUI Registry's category markings (the ones a
/// defense-industrial registry holds) and the limited dissemination controls the access policy can enforce. Anything
/// else is rejected rather than stored, because a banner that names a control the policy does not apply would promise
/// a protection nobody gives. ADR 0007 and docs/security.md explain the choices; adding a category is one line here.
/// </summary>
public static class CuiMarkings
{
    /// <summary>Category markings (banner form) and what they cover. "SP-" marks a CUI Specified authority.</summary>
    public static readonly FrozenDictionary<string, string> Categories = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["SP-BUDG"] = "Budget (specified)",
        ["SP-CONTRACT"] = "Contract Use (specified)",
        ["SP-CTI"] = "Controlled Technical Information (specified)",
        ["SP-EXPT"] = "Export Controlled (specified: ITAR, EAR)",
        ["SP-NNPI"] = "Naval Nuclear Propulsion Information (specified)",
        ["SP-PCII"] = "Protected Critical Infrastructure Information (specified)",
        ["SP-PROPIN"] = "General Proprietary Business Information (specified)",
        ["SP-PRVCY"] = "General Privacy (specified)",
        ["SP-SSEL"] = "Source Selection (specified)",
        ["BUDG"] = "Budget",
        ["CONTRACT"] = "Contract Use",
        ["CTI"] = "Controlled Technical Information",
        ["DCRIT"] = "DoD Critical Infrastructure Security Information",
        ["EXPT"] = "Export Controlled",
        ["EXPTR"] = "Export Controlled Research",
        ["ISVI"] = "Information Systems Vulnerability Information",
        ["OPSEC"] = "Operations Security",
        ["PHYS"] = "Physical Security",
        ["PROCURE"] = "General Procurement and Acquisition",
        ["PROPIN"] = "General Proprietary Business Information",
        ["PRVCY"] = "General Privacy",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public const string NoForn = "NOFORN";
    public const string FedOnly = "FED ONLY";
    public const string RelTo = "REL TO";
    public const string DisplayOnly = "DISPLAY ONLY";

    /// <summary>The limited dissemination controls Musubi enforces, in the order a banner lists them.</summary>
    public static readonly IReadOnlyList<string> Controls = [NoForn, FedOnly, RelTo, DisplayOnly];

    /// <summary>
    /// Controls of the CUI Registry that Musubi knows but cannot enforce, with the reason: a record carrying one would
    /// be shown with a control that no access check applies.
    /// </summary>
    public static readonly FrozenDictionary<string, string> Unenforceable = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FEDCON"] = "FEDCON (federal employees and contractors) needs a contractor attribute that principals do not carry",
        ["NOCON"] = "NOCON (no dissemination to contractors) needs a contractor attribute that principals do not carry",
        ["DL ONLY"] = "DL ONLY needs a dissemination list that records do not carry; use need-to-know (a program) instead",
        ["ORCON"] = "ORCON is a classified-information control, not a CUI one",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>
    /// IC-ISM tetragraphs that people write in REL TO lists. Musubi releases by nationality and stores countries only,
    /// so a tetragraph is rejected; where its membership is fixed, the error names the countries to write instead.
    /// </summary>
    public static readonly FrozenDictionary<string, string> Tetragraphs = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["FVEY"] = "write its countries instead: USA, AUS, CAN, GBR, NZL",
        ["ACGU"] = "write its countries instead: USA, AUS, CAN, GBR",
        ["NATO"] = "NATO membership changes over time; write the member countries the record may go to",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsSpecified(string category) => category.StartsWith("SP-", StringComparison.Ordinal);

    /// <summary>Category order of the CUI Registry: specified categories first, each group alphabetical.</summary>
    public static IOrderedEnumerable<string> InBannerOrder(IEnumerable<string> categories) =>
        categories.OrderBy(c => IsSpecified(c) ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal);
}
