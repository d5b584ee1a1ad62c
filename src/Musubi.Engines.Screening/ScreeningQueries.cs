using System.Text;

namespace Musubi.Engines.Screening;

/// <summary>What a screening query must satisfy before it is screened.</summary>
public static class ScreeningQueries
{
    /// <summary>The longest name accepted, in characters.</summary>
    public const int MaxNameLength = 1000;

    /// <summary>Returns the offending field and the reason, or <c>null</c> when the query can be screened.</summary>
    public static (string Field, string Message)? Validate(ScreeningQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (string.IsNullOrWhiteSpace(query.Name))
        {
            return ("name", "must not be empty");
        }
        if (query.Name.Length > MaxNameLength)
        {
            return ("name", $"is {query.Name.Length} characters long; at most {MaxNameLength} are accepted");
        }
        var letters = false;
        foreach (var r in query.Name.EnumerateRunes())
        {
            if (r.Value == 0xFFFD)
            {
                return ("name", "contains the replacement character U+FFFD (the input was not valid UTF-8)");
            }
            if (Rune.IsControl(r) && !Rune.IsWhiteSpace(r))
            {
                return ("name", $"contains the control character U+{r.Value:X4}");
            }
            letters |= Rune.IsLetterOrDigit(r);
        }
        if (!letters)
        {
            return ("name", "has no letters or digits");
        }
        if (query.Country is { Length: > 0 } c && (c.Length != 2 || !char.IsAsciiLetter(c[0]) || !char.IsAsciiLetter(c[1])))
        {
            return ("country", $"'{c}' is not an ISO 3166-1 alpha-2 code");
        }
        foreach (var id in query.Identifiers)
        {
            if (string.IsNullOrWhiteSpace(id.Scheme) || string.IsNullOrWhiteSpace(id.Value))
            {
                return ("identifiers", "each identifier needs a scheme and a value");
            }
        }
        return null;
    }
}
