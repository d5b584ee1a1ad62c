using System.Globalization;
using System.Text.RegularExpressions;

namespace Musubi.Core.Features.Import;

/// <summary>Parses cell values the way docs/formats.md defines them; every failure names what was expected.</summary>
public static partial class Values
{
    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex IdPattern();

    public static bool IsId(string? value) => value is not null && IdPattern().IsMatch(value);

    public const string IdRule = "must be 1-64 characters of A-Z a-z 0-9 . _ -";

    /// <summary>Removes the apostrophe that export puts before =, +, - and @ to defuse spreadsheet formulas.</summary>
    public static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '-' or '@' ? value[1..] : value;

    /// <summary>Prefixes an apostrophe to text that a spreadsheet would run as a formula.</summary>
    public static string Escape(string? value) =>
        string.IsNullOrEmpty(value) ? "" : value[0] is '=' or '+' or '-' or '@' ? "'" + value : value;

    public static bool TryBool(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "1" or "yes":
                value = true;
                return true;
            case "false" or "0" or "no" or "":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>
    /// A cell as a problem quotes it: on one line, and cut to 80 characters so that the reason after it survives the
    /// problem line's bound (a 500-character cell quoted whole used to push "must be 1-64 characters …" out of it).
    /// </summary>
    public static string Quote(string value) => "'" + Musubi.Engines.Transfers.ProblemText.OneLine(value, 80) + "'";

    /// <summary>
    /// The problem with a number <see cref="TryDecimal"/> read that must be ≥ 0 (or &gt; 0), or null. A value closer to 0
    /// than a decimal holds (1e-40) reads as 0 and is said to be so, not refused with "must be &gt; 0, got 1e-40".
    /// </summary>
    public static string? SignProblem(string text, decimal value, bool strictlyPositive)
    {
        if (value < 0)
        {
            return strictlyPositive ? $"must be > 0, got {text}" : $"must be ≥ 0, got {text}";
        }
        if (!strictlyPositive || value != 0)
        {
            return null;
        }
        return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d != 0
            ? $"must be > 0, got {text}, which is below the smallest value kept (1e-28) and reads as 0"
            : $"must be > 0, got {text}";
    }

    public static bool TryDecimal(string text, out decimal value) =>
        decimal.TryParse(text.Trim(), NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);

    public static bool TryInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryDate(string text, out DateOnly value) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);
    public static string Format(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
    public static string Format(int? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
    public static string Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";
    public static string Format(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
    public static string Format(bool value) => value ? "true" : "false";

    /// <summary><c>capacityPerMonth</c> → <c>capacity_per_month</c>, for CSV column names.</summary>
    public static string Snake(string camel)
    {
        var sb = new System.Text.StringBuilder(camel.Length + 4);
        foreach (var c in camel)
        {
            if (char.IsUpper(c))
            {
                sb.Append('_').Append(char.ToLowerInvariant(c));
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
