using System.Reflection;
using System.Text;
using Musubi.Core;
using Musubi.Core.Features.Access;

namespace Musubi.Fuzz;

/// <summary>
/// Marking strings (<see cref="Marking.TryParse"/>), as they arrive in CSV cells, JSON fields and API bodies. The input's
/// first line is the banner, the rest (when there is a newline) the need-to-know program. Invariants:
/// <list type="bullet">
/// <item>either a marking or an error message, never both, never neither, never an exception;</item>
/// <item>a parsed marking is well formed: alpha-3 countries, no NOFORN with REL TO, categories of A-Z 0-9 -, a trimmed
/// need-to-know;</item>
/// <item>its banner (and its file banner) parses back to the same marking and renders to the same banner — what a
/// reader sees is what the access policy enforces.</item>
/// </list>
/// </summary>
internal sealed class MarkingTarget : IFuzzTarget
{
    public string Name => "marking";

    public string Description => "marking banners and need-to-know (Marking.TryParse), with banner round trips";

    public void Setup()
    {
    }

    public void Run(byte[] input)
    {
        var text = Encoding.UTF8.GetString(input);
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        var banner = newline < 0 ? text : text[..newline];
        var needToKnow = newline < 0 ? null : text[(newline + 1)..];
        Check(banner, needToKnow);
    }

    internal static void Check(string banner, string? needToKnow)
    {
        var marking = Marking.TryParse(banner, needToKnow, out var error);
        if (marking is null)
        {
            if (string.IsNullOrWhiteSpace(error))
            {
                throw new InvariantViolation($"refused '{banner}' without saying why");
            }
            return;
        }
        if (error is not null)
        {
            throw new InvariantViolation($"parsed '{banner}' and also reported an error: {error}");
        }
        WellFormed(marking, banner);
        foreach (var rendered in new[] { marking.Banner, marking.FileBanner })
        {
            var again = Marking.TryParse(rendered, marking.NeedToKnow, out var againError)
                ?? throw new InvariantViolation($"'{banner}' renders as '{rendered}', which does not parse: {againError}");
            if (!Same(marking, again))
            {
                throw new InvariantViolation($"'{banner}' parses to {Describe(marking)}, but its banner '{rendered}' parses to {Describe(again)}");
            }
            if (again.Banner != marking.Banner)
            {
                throw new InvariantViolation($"'{banner}' renders as '{marking.Banner}', re-parsed it renders as '{again.Banner}'");
            }
        }
    }

    private static void WellFormed(Marking m, string banner)
    {
        if (m.NoForn && m.RelTo.Length > 0)
        {
            throw new InvariantViolation($"'{banner}' parsed to NOFORN together with REL TO {m.RelTo}");
        }
        if (m.RelTo.Length > 0 && !(m.RelTo.StartsWith('|') && m.RelTo.EndsWith('|')))
        {
            throw new InvariantViolation($"'{banner}' stored REL TO as '{m.RelTo}', not |AAA|BBB|");
        }
        var relTo = m.RelToList;
        if (relTo.Any(c => !Countries.IsAlpha3(c)) || relTo.Distinct(StringComparer.Ordinal).Count() != relTo.Count)
        {
            throw new InvariantViolation($"'{banner}' stored REL TO '{m.RelTo}': unknown or repeated countries");
        }
        if (m.CategoryList.Any(c => c.Length == 0 || !c.All(ch => char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch == '-')))
        {
            throw new InvariantViolation($"'{banner}' stored categories '{m.Categories}'");
        }
        if (m.NeedToKnow is { } ntk && (ntk.Length == 0 || ntk != ntk.Trim()))
        {
            throw new InvariantViolation($"need-to-know stored untrimmed: '{ntk}'");
        }
        if (m.IsUnmarked != (m.FileBanner.Length == 0 && m.NeedToKnow is null))
        {
            throw new InvariantViolation($"'{banner}': IsUnmarked is {m.IsUnmarked} for banner '{m.Banner}'");
        }
    }

    /// <summary>What a marking stores: every public settable property, so that a field added later is compared too.</summary>
    private static readonly PropertyInfo[] Stored =
        [.. typeof(Marking).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite && p.CanRead)];

    private static bool Same(Marking a, Marking b) => Stored.All(p => Equals(p.GetValue(a), p.GetValue(b)));

    private static string Describe(Marking m) =>
        "{" + string.Join(", ", Stored.Select(p => $"{p.Name}='{p.GetValue(m)}'")) + "}";
}
