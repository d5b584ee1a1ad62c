namespace Musubi.Core.Features.Registry;

/// <summary>Checks for the organization identifiers Musubi knows (see docs/formats.md).</summary>
public static class Identifiers
{
    public static readonly string[] Schemes = ["cage", "ncage", "uei", "jcn", "lei"];

    /// <summary>Returns <c>null</c> when valid, otherwise the reason.</summary>
    public static string? Validate(string scheme, string value) => scheme switch
    {
        "cage" or "ncage" => IsAlnum(value, 5) ? null : $"{scheme.ToUpperInvariant()} code '{value}' must be 5 letters or digits",
        "uei" => IsAlnum(value, 12) ? null : $"UEI '{value}' must be 12 letters or digits",
        "jcn" => ValidateCorporateNumber(value),
        "lei" => ValidateLei(value),
        _ => $"unknown identifier scheme '{scheme}' (expected one of {string.Join(", ", Schemes)})",
    };

    private static bool IsAlnum(string value, int length) =>
        value.Length == length && value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c));

    /// <summary>
    /// Japan's corporate number (法人番号): 13 digits, the first a check digit equal to
    /// 9 − (Σ P_n·Q_n mod 9) over the 12-digit base, P_n the n-th digit from the right, Q_n = 1 (odd n) or 2 (even n).
    /// </summary>
    public static string? ValidateCorporateNumber(string value)
    {
        if (value.Length != 13 || !value.All(char.IsAsciiDigit))
        {
            return $"corporate number '{value}' must be 13 digits";
        }
        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            var digit = value[13 - n] - '0';
            sum += digit * (n % 2 == 1 ? 1 : 2);
        }
        var check = 9 - (sum % 9);
        return value[0] - '0' == check ? null : $"corporate number '{value}' has check digit {value[0]}, expected {check}";
    }

    /// <summary>LEI (ISO 17442): 20 characters A–Z/0–9 whose ISO 7064 mod 97-10 value is 1.</summary>
    public static string? ValidateLei(string value)
    {
        if (!IsAlnum(value, 20))
        {
            return $"LEI '{value}' must be 20 letters or digits";
        }
        var remainder = 0;
        foreach (var c in value)
        {
            var n = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = n >= 10 ? ((remainder * 100) + n) % 97 : ((remainder * 10) + n) % 97;
        }
        return remainder == 1 ? null : $"LEI '{value}' fails the ISO 7064 mod 97-10 check";
    }
}
