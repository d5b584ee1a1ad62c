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

    /// <summary>The banner line, e.g. <c>CUI//NOFORN</c>; <c>UNCLASSIFIED</c> when unmarked.</summary>
    public string Banner
    {
        get
        {
            if (!Cui && !NoForn && !FedOnly && RelTo.Length == 0)
            {
                return "UNCLASSIFIED";
            }
            var parts = new List<string> { "CUI" };
            if (Categories.Length > 0)
            {
                parts.Add(string.Join('/', CategoryList));
            }
            if (NoForn)
            {
                parts.Add("NOFORN");
            }
            if (FedOnly)
            {
                parts.Add("FED ONLY");
            }
            if (RelTo.Length > 0)
            {
                parts.Add("REL TO " + string.Join(", ", RelToList));
            }
            return string.Join("//", parts);
        }
    }

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
    /// Parses a banner string. Returns <c>null</c> and an error message when the banner is not one Musubi understands.
    /// </summary>
    public static Marking? TryParse(string? banner, string? needToKnow, out string? error)
    {
        error = null;
        var marking = new Marking { NeedToKnow = string.IsNullOrWhiteSpace(needToKnow) ? null : needToKnow.Trim() };
        var text = (banner ?? "").Trim();
        if (text.Length == 0 || text.Equals("UNCLASSIFIED", StringComparison.OrdinalIgnoreCase) || text == "U")
        {
            return marking;
        }
        var segments = text.Split("//", StringSplitOptions.TrimEntries);
        if (!segments[0].Equals("CUI", StringComparison.OrdinalIgnoreCase))
        {
            error = $"marking '{text}' must start with CUI (or be empty)";
            return null;
        }
        marking.Cui = true;
        var categories = new List<string>();
        var relTo = new List<string>();
        for (var i = 1; i < segments.Length; i++)
        {
            var segment = segments[i].ToUpperInvariant();
            if (segment == "NOFORN")
            {
                marking.NoForn = true;
            }
            else if (segment is "FED ONLY" or "FEDONLY")
            {
                marking.FedOnly = true;
            }
            else if (segment.StartsWith("REL TO ", StringComparison.Ordinal))
            {
                foreach (var code in segment["REL TO ".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                {
                    if (!Countries.IsAlpha3(code))
                    {
                        error = $"marking '{text}': '{code}' is not an ISO 3166-1 alpha-3 country code";
                        return null;
                    }
                    relTo.Add(code);
                }
            }
            else if (segment.Length > 0 && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '/'))
            {
                categories.AddRange(segment.Split('/', StringSplitOptions.RemoveEmptyEntries));
            }
            else
            {
                error = $"marking '{text}': '{segments[i]}' is not a CUI category or dissemination control";
                return null;
            }
        }
        if (marking.NoForn && relTo.Count > 0)
        {
            error = $"marking '{text}': NOFORN and REL TO cannot be combined";
            return null;
        }
        marking.Categories = Join(categories);
        // Banner convention: USA first, then the others alphabetically ("REL TO USA, GBR, JPN").
        marking.RelTo = Join(relTo.Distinct(StringComparer.Ordinal).OrderBy(c => c == "USA" ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal));
        return marking;
    }

    public override string ToString()
    {
        var sb = new StringBuilder(Banner);
        if (NeedToKnow is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" [need to know: {NeedToKnow}]");
        }
        return sb.ToString();
    }

    private static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);
}
