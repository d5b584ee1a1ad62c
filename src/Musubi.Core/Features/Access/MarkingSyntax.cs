using System.Text;

namespace Musubi.Core.Features.Access;

/// <summary>
/// The banner grammar, after the CUI Marking Handbook and the IC-ISM rules for REL TO:
/// <code>
/// banner     = "" | "UNCLASSIFIED" | "U" | "CUI" [ "//" categories ] [ "//" controls ]
/// categories = category *( "/" category )        ; specified (SP-) first, each group alphabetical
/// controls   = control *( "/" control )          ; NOFORN, FED ONLY, REL TO …, DISPLAY ONLY … in that order
/// REL TO       USA, XXX *( ", " XXX )            ; USA first, then the others alphabetically, two countries or more
/// DISPLAY ONLY XXX *( ", " XXX )                 ; foreign countries alphabetically, one or more
/// </code>
/// REL TO, NOFORN and DISPLAY ONLY exclude each other. Letter case and spacing are forgiven; order is not: a banner
/// written in another order is rejected with the canonical form in the error, so that what a file says and what
/// Musubi stores never differ.
/// </summary>
internal static class MarkingSyntax
{
    public const int MaxLength = 500;

    public static string Banner(Marking m)
    {
        if (!m.Cui && !m.NoForn && !m.FedOnly && m.RelTo.Length == 0 && m.DisplayOnly.Length == 0 && m.Categories.Length == 0)
        {
            return "UNCLASSIFIED";
        }
        var sb = new StringBuilder("CUI");
        var categories = Split(m.Categories);
        if (categories.Length > 0)
        {
            sb.Append("//").AppendJoin('/', CuiMarkings.InBannerOrder(categories));
        }
        var controls = Controls(m).ToList();
        if (controls.Count > 0)
        {
            sb.Append("//").AppendJoin('/', controls);
        }
        return sb.ToString();
    }

    private static IEnumerable<string> Controls(Marking m)
    {
        if (m.NoForn)
        {
            yield return CuiMarkings.NoForn;
        }
        if (m.FedOnly)
        {
            yield return CuiMarkings.FedOnly;
        }
        if (m.RelTo.Length > 0)
        {
            yield return CuiMarkings.RelTo + " " + string.Join(", ", RelToOrder(Split(m.RelTo)));
        }
        if (m.DisplayOnly.Length > 0)
        {
            yield return CuiMarkings.DisplayOnly + " " + string.Join(", ", Split(m.DisplayOnly).Order(StringComparer.Ordinal));
        }
    }

    /// <summary>USA first, then the others alphabetically ("REL TO USA, GBR, JPN").</summary>
    public static IEnumerable<string> RelToOrder(IEnumerable<string> countries) =>
        countries.OrderBy(c => c == "USA" ? 0 : 1).ThenBy(c => c, StringComparer.Ordinal);

    public static Marking? Parse(string? banner, string? needToKnow, out string? error)
    {
        error = null;
        var marking = new Marking { NeedToKnow = string.IsNullOrWhiteSpace(needToKnow) ? null : needToKnow.Trim() };
        var text = (banner ?? "").Trim();
        if (text.Length == 0 || text.Equals("UNCLASSIFIED", StringComparison.OrdinalIgnoreCase) || text.Equals("U", StringComparison.OrdinalIgnoreCase))
        {
            return marking;
        }
        if (text.Length > MaxLength)
        {
            error = $"marking is {text.Length} characters long; a banner has at most {MaxLength}";
            return null;
        }
        if (text.Any(char.IsControl))
        {
            error = "marking contains control characters (line breaks, tabs…); a banner is one line of text";
            return null;
        }
        var parser = new Parser(text);
        if (!parser.Run(marking))
        {
            error = $"marking '{text}': {parser.Error}";
            return null;
        }
        return marking;
    }

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }

    /// <summary>Collapses runs of spaces and trims: "REL  TO USA" → "REL TO USA".</summary>
    private static string Tidy(string token) => string.Join(' ', token.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private sealed class Parser(string text)
    {
        private readonly List<string> _categories = [];
        private List<string>? _relTo;
        private List<string>? _displayOnly;
        private bool _noForn;
        private bool _fedOnly;
        /// <summary>The banner as written, tidied token by token, to compare with the canonical form.</summary>
        private readonly List<List<string>> _written = [];

        public string Error { get; private set; } = "";

        private bool Fail(string error)
        {
            Error = error;
            return false;
        }

        public bool Run(Marking marking)
        {
            var segments = text.ToUpperInvariant().Split("//");
            var head = segments[0].Trim();
            if (head != "CUI")
            {
                return Fail(head == "CONTROLLED"
                    ? "Musubi writes the control marking as CUI, not CONTROLLED"
                    : "must start with CUI (or be empty)");
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var segment in segments.Skip(1))
            {
                if (segment.Trim().Length == 0)
                {
                    return Fail("nothing between two '//' separators");
                }
                var written = new List<string>();
                _written.Add(written);
                foreach (var raw in segment.Split('/'))
                {
                    var token = Tidy(raw);
                    if (token.Length == 0)
                    {
                        return Fail("nothing between two '/' separators");
                    }
                    var key = token.StartsWith(CuiMarkings.RelTo, StringComparison.Ordinal) ? CuiMarkings.RelTo
                        : token.StartsWith(CuiMarkings.DisplayOnly, StringComparison.Ordinal) ? CuiMarkings.DisplayOnly
                        : token;
                    if (!seen.Add(key))
                    {
                        return Fail($"'{key}' appears twice");
                    }
                    if (!Token(token, written))
                    {
                        return false;
                    }
                }
            }
            if (!CheckControls())
            {
                return false;
            }
            marking.Cui = true;
            marking.Categories = Join(CuiMarkings.InBannerOrder(_categories));
            marking.NoForn = _noForn;
            marking.FedOnly = _fedOnly;
            marking.RelTo = _relTo is null ? "" : Join(RelToOrder(_relTo));
            marking.DisplayOnly = _displayOnly is null ? "" : Join(_displayOnly.Order(StringComparer.Ordinal));
            var canonical = Banner(marking);
            var asWritten = "CUI" + string.Concat(_written.Select(s => "//" + string.Join('/', s)));
            return asWritten == canonical || Fail($"write '{canonical}' ({OrderRule()})");
        }

        private bool Token(string token, List<string> written)
        {
            if (token == CuiMarkings.NoForn)
            {
                _noForn = true;
            }
            else if (token == CuiMarkings.FedOnly)
            {
                _fedOnly = true;
            }
            else if (token == CuiMarkings.RelTo || token.StartsWith(CuiMarkings.RelTo + " ", StringComparison.Ordinal))
            {
                _relTo = Countries(CuiMarkings.RelTo, token[CuiMarkings.RelTo.Length..]);
                if (_relTo is null)
                {
                    return false;
                }
                token = CuiMarkings.RelTo + " " + string.Join(", ", _relTo);
            }
            else if (token == CuiMarkings.DisplayOnly || token.StartsWith(CuiMarkings.DisplayOnly + " ", StringComparison.Ordinal))
            {
                _displayOnly = Countries(CuiMarkings.DisplayOnly, token[CuiMarkings.DisplayOnly.Length..]);
                if (_displayOnly is null)
                {
                    return false;
                }
                token = CuiMarkings.DisplayOnly + " " + string.Join(", ", _displayOnly);
            }
            else if (CuiMarkings.Unenforceable.TryGetValue(token, out var why))
            {
                return Fail($"'{token}' is not accepted: {why}");
            }
            else if (CuiMarkings.Categories.ContainsKey(token))
            {
                _categories.Add(token);
            }
            else
            {
                return Fail($"'{token}' is not a CUI category or dissemination control Musubi accepts " +
                    $"(controls: {string.Join(", ", CuiMarkings.Controls)}; categories: {string.Join(", ", CuiMarkings.InBannerOrder(CuiMarkings.Categories.Keys))})");
            }
            written.Add(token);
            return true;
        }

        private List<string>? Countries(string control, string list)
        {
            var codes = list.Split(',', StringSplitOptions.TrimEntries);
            if (codes is [""])
            {
                Fail($"{control} needs a list of countries");
                return null;
            }
            var result = new List<string>();
            foreach (var code in codes)
            {
                if (code.Length == 0)
                {
                    Fail($"an empty country in the {control} list");
                    return null;
                }
                if (CuiMarkings.Tetragraphs.TryGetValue(code, out var advice))
                {
                    Fail($"'{code}' is an IC-ISM tetragraph; Musubi releases by nationality and lists countries only — {advice}");
                    return null;
                }
                if (!Musubi.Core.Countries.IsAlpha3(code))
                {
                    Fail($"'{code}' is not an ISO 3166-1 alpha-3 country code");
                    return null;
                }
                if (result.Contains(code))
                {
                    Fail($"'{code}' appears twice in the {control} list");
                    return null;
                }
                result.Add(code);
            }
            return result;
        }

        private bool CheckControls()
        {
            var foreign = new List<string>();
            if (_relTo is not null)
            {
                foreign.Add(CuiMarkings.RelTo);
            }
            if (_noForn)
            {
                foreign.Add(CuiMarkings.NoForn);
            }
            if (_displayOnly is not null)
            {
                foreign.Add(CuiMarkings.DisplayOnly);
            }
            if (foreign.Count > 1)
            {
                return Fail($"{string.Join(" and ", foreign)} cannot be combined (REL TO, NOFORN and DISPLAY ONLY exclude each other)");
            }
            if (_relTo is not null && !_relTo.Contains("USA"))
            {
                return Fail($"REL TO begins with USA: write 'REL TO {string.Join(", ", RelToOrder(_relTo.Append("USA")))}'");
            }
            if (_relTo is { Count: < 2 })
            {
                return Fail("REL TO needs USA and at least one other country; a record for U.S. readers only is NOFORN");
            }
            if (_displayOnly is not null && _displayOnly.Contains("USA"))
            {
                var others = _displayOnly.Where(c => c != "USA").Order(StringComparer.Ordinal).ToList();
                return Fail(others.Count == 0
                    ? "DISPLAY ONLY lists foreign countries; a record for U.S. readers only is NOFORN"
                    : $"DISPLAY ONLY lists foreign countries only (U.S. readers may always hold a copy): write 'DISPLAY ONLY {string.Join(", ", others)}'");
            }
            return true;
        }

        private string OrderRule()
        {
            if (_relTo is not null && !_relTo.SequenceEqual(RelToOrder(_relTo)))
            {
                return "REL TO lists USA first, then the other countries alphabetically";
            }
            if (_displayOnly is not null && !_displayOnly.SequenceEqual(_displayOnly.Order(StringComparer.Ordinal)))
            {
                return "DISPLAY ONLY lists its countries alphabetically";
            }
            if (!_categories.SequenceEqual(CuiMarkings.InBannerOrder(_categories)))
            {
                return "categories are listed specified (SP-) first, each group alphabetically";
            }
            return "CUI, then the categories, then the dissemination controls, each part after '//'; within a part, '/' separates " +
                "items, and controls go in the order " + string.Join(", ", CuiMarkings.Controls);
        }
    }
}
