using System.Globalization;
using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>
/// One entity as a reader collects it: names, countries, identifiers and programs, each cleaned and checked the same way
/// in every format. Problems go to the sink with the entity's line; <see cref="Build"/> returns null when any was found.
/// </summary>
internal sealed class EntityDraft(ProblemSink problems, int line)
{
    /// <summary>The longest name or alias accepted (issue #4: names over 1,000 characters are refused).</summary>
    public const int MaxNameLength = 1000;

    /// <summary>The longest entity id or identifier value accepted.</summary>
    public const int MaxIdLength = 200;

    /// <summary>The identifier schemes of <see cref="EntityIdentifier"/>.</summary>
    public static readonly string[] Schemes = ["lei", "cage", "uei", "jcn", "imo", "duns", "registration", "other"];

    private readonly List<EntityName> _names = [];
    private readonly HashSet<string> _nameValues = new(StringComparer.Ordinal);
    private readonly List<string> _countries = [];
    private readonly List<EntityIdentifier> _identifiers = [];
    private readonly List<string> _programs = [];
    private readonly int _problemsAtStart = problems.Count;

    public int Line { get; } = line;

    public string? Id { get; private set; }

    public string Schema { get; set; } = "LegalEntity";

    public int NameCount => _names.Count;

    public bool HasName => _names.Exists(n => n.Kind == NameKind.Name);

    /// <summary>Whether a problem was recorded since the draft began (this entity's or the sink's).</summary>
    public bool Failed => problems.Count > _problemsAtStart;

    public void Problem(string field, string message) => problems.Add(Line, field, message);

    /// <summary>
    /// A problem with the entity's shape (not an object, a properties value that is not an object, an unreadable key):
    /// what the entity holds cannot be read, so <see cref="Build"/> does not add "name is required" after it.
    /// </summary>
    public void ShapeProblem(string field, string message)
    {
        _shapeBroken = true;
        Problem(field, message);
    }

    private bool _shapeBroken;

    /// <summary>Sets the id: trimmed, required, at most <see cref="MaxIdLength"/> characters, no control characters.</summary>
    public bool SetId(string? raw, string field)
    {
        var id = raw?.Trim() ?? "";
        if (id.Length == 0)
        {
            if (!ProblemNamed(field))
            {
                Problem(field, "is required");
            }
            return false;
        }
        if (id.Length > MaxIdLength)
        {
            Problem(field, string.Create(CultureInfo.InvariantCulture, $"is {id.Length} characters long; at most {MaxIdLength}"));
            return false;
        }
        if (FirstControl(id) is { } c)
        {
            Problem(field, ControlMessage(c));
            return false;
        }
        Id = id;
        return true;
    }

    /// <summary>
    /// Adds a name: trimmed, inner runs of white space made one space. A blank value adds nothing (the caller decides
    /// whether a name was required); a value over 1,000 characters or with a control character is a problem. A value
    /// already present keeps its first (stronger) kind.
    /// </summary>
    public void AddName(string? raw, NameKind kind, string field)
    {
        if (raw is null)
        {
            return;
        }
        if (FirstControl(raw) is { } c)
        {
            Problem(field, ControlMessage(c));
            return;
        }
        var value = Collapse(raw);
        if (value.Length == 0)
        {
            return;
        }
        if (value.Length > MaxNameLength)
        {
            Problem(field, string.Create(CultureInfo.InvariantCulture, $"is {value.Length:N0} characters long; at most {MaxNameLength:N0}"));
            return;
        }
        if (_nameValues.Add(value))
        {
            _names.Add(new EntityName(value, kind));
        }
    }

    /// <summary>
    /// Adds a country when the value is two ASCII letters (upper-cased); anything else — a country name, FollowTheMoney's
    /// regional codes such as <c>suhh</c>, its <c>zz</c> for "unknown" — is ignored.
    /// </summary>
    public void AddCountryIfCode(string? raw)
    {
        var v = raw?.Trim() ?? "";
        if (IsAlpha2(v) && !v.Equals("zz", StringComparison.OrdinalIgnoreCase))
        {
            AddCountry(v);
        }
    }

    /// <summary>Adds a country that must be two letters (the plain CSV): anything else is a problem.</summary>
    public void AddCountryStrict(string raw, string field)
    {
        var v = raw.Trim();
        if (!IsAlpha2(v))
        {
            Problem(field, $"{ListText.Quote(v)} is not a country code (two letters, ISO 3166-1 alpha-2, e.g. CN)");
            return;
        }
        AddCountry(v);
    }

    public void AddIdentifier(string scheme, string? raw, string field)
    {
        if (raw is null)
        {
            return;
        }
        if (FirstControl(raw) is { } c)
        {
            Problem(field, ControlMessage(c));
            return;
        }
        var value = Collapse(raw);
        if (scheme == "imo" && value.StartsWith("IMO", StringComparison.OrdinalIgnoreCase))
        {
            // "IMO 9123456" and "IMO9123456" are the number 9123456.
            value = value[3..].TrimStart();
        }
        if (value.Length == 0)
        {
            return;
        }
        if (value.Length > MaxIdLength)
        {
            Problem(field, string.Create(CultureInfo.InvariantCulture, $"identifier is {value.Length} characters long; at most {MaxIdLength}"));
            return;
        }
        var id = new EntityIdentifier(scheme, value);
        if (!_identifiers.Contains(id))
        {
            _identifiers.Add(id);
        }
    }

    /// <summary>Adds a program or dataset name for display (control characters dropped, white space made one space).</summary>
    public void AddProgram(string? raw)
    {
        if (raw is null)
        {
            return;
        }
        var value = Collapse(new string(raw.Where(ch => !char.IsControl(ch) || char.IsWhiteSpace(ch)).ToArray()));
        if (value.Length > MaxNameLength)
        {
            value = value[..MaxNameLength];
        }
        if (value.Length > 0 && !_programs.Contains(value, StringComparer.Ordinal))
        {
            _programs.Add(value);
        }
    }

    public bool HasPrograms => _programs.Count > 0;

    /// <summary>The entity, or null when it has no id, no name (a problem on <paramref name="nameField"/>) or any problem.</summary>
    public ScreeningEntity? Build(string nameField)
    {
        if (!HasName && !_shapeBroken && !ProblemNamed(nameField))
        {
            Problem(nameField, "is required (an entity needs a name that is not blank)");
        }
        if (Failed || Id is null)
        {
            return null;
        }
        return new ScreeningEntity(Id, Schema, _names.ToArray(), _countries.ToArray(), _identifiers.ToArray())
        {
            Programs = _programs.ToArray(),
        };
    }

    private bool ProblemNamed(string field) =>
        problems.Problems.Skip(_problemsAtStart).Any(p => p.Field == field);

    private void AddCountry(string code)
    {
        var upper = code.ToUpperInvariant();
        if (!_countries.Contains(upper, StringComparer.Ordinal))
        {
            _countries.Add(upper);
        }
    }

    public static bool IsAlpha2(string v) => v.Length == 2 && char.IsAsciiLetter(v[0]) && char.IsAsciiLetter(v[1]);

    /// <summary>Trims and makes every run of white space one space.</summary>
    public static string Collapse(string raw)
    {
        var s = raw.Trim();
        var needs = false;
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsWhiteSpace(s[i]) && (s[i] != ' ' || (i + 1 < s.Length && char.IsWhiteSpace(s[i + 1]))))
            {
                needs = true;
                break;
            }
        }
        if (!needs)
        {
            return s;
        }
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var ch in s)
        {
            if (char.IsWhiteSpace(ch))
            {
                space = true;
                continue;
            }
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(ch);
        }
        return sb.ToString();
    }

    /// <summary>The first control character that is not white space (tab and line breaks are white space), if any.</summary>
    public static char? FirstControl(string s)
    {
        foreach (var ch in s)
        {
            if (char.IsControl(ch) && !char.IsWhiteSpace(ch))
            {
                return ch;
            }
        }
        return null;
    }

    public static string ControlMessage(char c) =>
        string.Create(CultureInfo.InvariantCulture, $"contains a control character (U+{(int)c:X4})");
}
