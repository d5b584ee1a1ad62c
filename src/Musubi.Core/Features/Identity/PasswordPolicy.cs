using Microsoft.AspNetCore.Identity;

namespace Musubi.Core.Features.Identity;

/// <summary>
/// Password rules after NIST SP 800-63B and OWASP ASVS 5 (V6.2): 15 to 128 characters, no composition rules, any
/// Unicode character (spaces included), and not a known weak password, a repeat or run of one character, or built from
/// the user's own id or name.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<UserAccount>
{
    public const int MinLength = 15;
    public const int MaxLength = 128;

    private readonly HashSet<string> _blocked;

    public PasswordPolicy(IEnumerable<string> blocklist) =>
        _blocked = new HashSet<string>(blocklist.Select(Normalize).Where(s => s.Length > 0), StringComparer.Ordinal);

    /// <summary>Reads the blocklist shipped in <c>data/security/password-blocklist.txt</c> (# starts a comment).</summary>
    public static PasswordPolicy FromFile(string path) =>
        new(File.ReadLines(path).Where(l => !l.TrimStart().StartsWith('#')));

    /// <summary>The shipped blocklist next to the application (copied from <c>data/security</c>).</summary>
    public static PasswordPolicy Default { get; } = FromFile(Path.Combine(AppContext.BaseDirectory, "data", "security", "password-blocklist.txt"));

    public int BlockedCount => _blocked.Count;

    /// <summary>Every reason the password is refused, in words; empty when it is acceptable.</summary>
    public IReadOnlyList<string> Check(string? password, params string?[] context)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(password))
        {
            problems.Add($"a password is required ({MinLength} to {MaxLength} characters)");
            return problems;
        }
        // Length counts characters as people see them (a kanji or an emoji is one), not UTF-16 units.
        var length = new System.Globalization.StringInfo(password.Normalize(System.Text.NormalizationForm.FormC)).LengthInTextElements;
        if (length < MinLength)
        {
            problems.Add($"use at least {MinLength} characters (this has {length}); a few unrelated words make a good one");
        }
        if (length > MaxLength)
        {
            problems.Add($"use at most {MaxLength} characters");
        }
        var normalized = Normalize(password);
        if (_blocked.Contains(normalized) || _blocked.Contains(normalized.TrimEnd('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '!')))
        {
            problems.Add("this password is on the list of commonly used passwords; choose another");
        }
        else if (normalized.Distinct().Count() <= 2)
        {
            problems.Add("a password made of one or two repeated characters is too easy to guess");
        }
        else if (IsRun(normalized))
        {
            problems.Add("a run of consecutive characters (like 123456… or abcdef…) is too easy to guess");
        }
        foreach (var word in context.OfType<string>().Select(Normalize).Where(w => w.Length >= 4))
        {
            if (normalized.Contains(word, StringComparison.Ordinal))
            {
                problems.Add("the password must not contain your user name or account id");
                break;
            }
        }
        return problems;
    }

    public Task<IdentityResult> ValidateAsync(UserManager<UserAccount> manager, UserAccount user, string? password)
    {
        var problems = Check(password, user.UserName, user.Id, user.Email);
        return Task.FromResult(problems.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed([.. problems.Select(p => new IdentityError { Code = "Password", Description = p })]));
    }

    private static string Normalize(string value) =>
        value.Normalize(System.Text.NormalizationForm.FormKC).Trim().ToLowerInvariant();

    private static readonly string[] Sequences = BuildSequences();

    /// <summary>Consecutive digits (wrapping 9→0), letters, or keyboard rows, forwards or backwards.</summary>
    private static bool IsRun(string value)
    {
        var compact = value.Replace(" ", "", StringComparison.Ordinal);
        return compact.Length >= 2 && Sequences.Any(s => s.Contains(compact, StringComparison.Ordinal));
    }

    private static string[] BuildSequences()
    {
        var digits = string.Concat(Enumerable.Repeat("0123456789", 14));
        string[] forward = [digits, "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p"];
        return [.. forward, .. forward.Select(f => new string([.. f.Reverse()]))];
    }
}
