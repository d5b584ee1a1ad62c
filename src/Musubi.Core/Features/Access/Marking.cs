using System.Globalization;
using System.Text;

namespace Musubi.Core.Features.Access;

/// <summary>
/// A releasability marking, stored structured and rendered as a banner
/// (<c>CUI//SP-EXPT//REL TO USA, JPN</c>). <see cref="RelTo"/> holds alpha-3 country codes as
/// <c>|USA|JPN|</c> so that a query can test membership exactly; <see cref="NeedToKnow"/> names the
/// program whose members alone may read the record.
/// </summary>
public sealed class Marking
{
    public bool Cui { get; set; }
    /// <summary>CUI categories as <c>|SP-EXPT|PRVCY|</c>, or empty.</summary>
    public string Categories { get; set; } = "";
    public bool NoForn { get; set; }
    /// <summary>Alpha-3 countries as <c>|USA|JPN|</c>, or empty when the record carries no REL TO list.</summary>
    public string RelTo { get; set; } = "";
    public bool FedOnly { get; set; }
    /// <summary>Alpha-3 countries as <c>|JPN|</c> that may view the record but not receive a copy (DISPLAY ONLY), or empty.</summary>
    public string DisplayOnly { get; set; } = "";
    public string? NeedToKnow { get; set; }

    public bool IsUnmarked => !Cui && !NoForn && !FedOnly && RelTo.Length == 0 && DisplayOnly.Length == 0 && NeedToKnow is null;

    public IReadOnlyList<string> CategoryList => Split(Categories);
    public IReadOnlyList<string> RelToList => Split(RelTo);

    /// <summary>The canonical banner line (<see cref="MarkingSyntax"/>), e.g. <c>CUI//NOFORN</c>; <c>UNCLASSIFIED</c> when unmarked.</summary>
    public string Banner => MarkingSyntax.Banner(this);

    /// <summary>The banner as written in files: empty when unmarked.</summary>
    public string FileBanner => Banner == "UNCLASSIFIED" ? "" : Banner;

    public Marking Clone() => new()
    {
        Cui = Cui,
        Categories = Categories,
        NoForn = NoForn,
        RelTo = RelTo,
        FedOnly = FedOnly,
        DisplayOnly = DisplayOnly,
        NeedToKnow = NeedToKnow,
    };

    /// <summary>
    /// Parses a banner string by the rules of <see cref="MarkingSyntax"/> (IC-ISM order for REL TO, the CUI Registry's
    /// categories and the controls Musubi enforces). Returns <c>null</c> and an error message — with the canonical form
    /// when only the order is wrong — when the banner is not one Musubi accepts.
    /// </summary>
    public static Marking? TryParse(string? banner, string? needToKnow, out string? error) =>
        MarkingSyntax.Parse(banner, needToKnow, out error);

    /// <summary>The marking of an output composed of <paramref name="parts"/> (ADR 0007).</summary>
    public static RolledUpMarking RollUp(IEnumerable<Marking> parts) => RolledUpMarking.RollUp(parts);

    public override string ToString()
    {
        var sb = new StringBuilder(Banner);
        if (NeedToKnow is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" [need to know: {NeedToKnow}]");
        }
        return sb.ToString();
    }

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
