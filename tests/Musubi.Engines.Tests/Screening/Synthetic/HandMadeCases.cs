using System.Globalization;
using System.Text;
using Musubi.Engines.Screening;

namespace Musubi.Synthetic.Screening;

/// <summary>One hand-made cross-script case: the list holds <see cref="Listed"/>, the query is <see cref="Query"/>.</summary>
internal sealed record HandMadeCase(string Group, string Listed, string Query, bool SameCompany);

/// <summary>What the engine answered for one hand-made case.</summary>
internal sealed record HandMadeOutcome(HandMadeCase Case, Decision Decision, string? BestId, double Score, string? MatchedName, string Forms)
{
    /// <summary>Right: the same company is decided match with the listed entity best; another company is not decided match.</summary>
    public bool Right => Case.SameCompany ? Decision == Decision.Match && BestId == HandMadeCases.TargetId : Decision != Decision.Match;
}

/// <summary>
/// Japanese companies written four ways — kanji with the legal form, katakana reading, romanized (Hepburn) and
/// English — from the issue: each form listed alone (among generated entries and near-miss companies that share a
/// word), each other form as the query. Companies sharing words (三菱重工業 / 川崎重工業, both "Heavy Industries")
/// must not match each other. NEC's English name is an acronym, so it is a separate case with the list's own aliases.
/// </summary>
internal static class HandMadeCases
{
    public const string TargetId = "hand-target";

    public static readonly (string Group, string[] Forms)[] Groups =
    [
        ("Mitsubishi Heavy Industries", ["三菱重工業株式会社", "ミツビシ ジュウコウギョウ", "Mitsubishi Jukogyo K.K.", "Mitsubishi Heavy Industries, Ltd."]),
        ("Kawasaki Heavy Industries", ["川崎重工業株式会社", "カワサキ ジュウコウギョウ", "Kawasaki Jukogyo K.K.", "Kawasaki Heavy Industries, Ltd."]),
        ("Toshiba", ["株式会社東芝", "トウシバ", "Kabushiki Kaisha Toshiba", "Toshiba Corporation"]),
        ("NEC (Nippon Electric)", ["日本電気株式会社", "ニッポン デンキ", "Nippon Denki K.K.", "Nippon Electric Company, Limited"]),
    ];

    /// <summary>Real companies that share a word with the targets, always in the list beside them.</summary>
    public static readonly ScreeningEntity[] NearMisses =
    [
        new("hand-melco", "Company", [new EntityName("Mitsubishi Electric Corporation"), new EntityName("三菱電機株式会社", NameKind.Alias)], ["JP"], []),
        new("hand-mc", "Company", [new EntityName("Mitsubishi Corporation"), new EntityName("三菱商事株式会社", NameKind.Alias)], ["JP"], []),
        new("hand-kline", "Company", [new EntityName("Kawasaki Kisen Kaisha, Ltd."), new EntityName("川崎汽船株式会社", NameKind.Alias)], ["JP"], []),
        new("hand-tec", "Company", [new EntityName("Toshiba Tec Corporation"), new EntityName("東芝テック株式会社", NameKind.Alias)], ["JP"], []),
        new("hand-jeol", "Company", [new EntityName("JEOL Ltd."), new EntityName("日本電子株式会社", NameKind.Alias)], ["JP"], []),
        new("hand-ihi", "Company", [new EntityName("IHI Corporation"), new EntityName("株式会社IHI", NameKind.Alias), new EntityName("Ishikawajima-Harima Heavy Industries Co., Ltd.", NameKind.Alias)], ["JP"], []),
    ];

    /// <summary>NEC as lists print it: the English name is an acronym, the kanji name an alias.</summary>
    public static readonly ScreeningEntity Nec =
        new(TargetId, "Company", [new EntityName("NEC Corporation"), new EntityName("日本電気株式会社", NameKind.Alias), new EntityName("NEC", NameKind.WeakAlias)], ["JP"], []);

    public static readonly string[] NecQueries = ["NEC", "日本電気", "Nippon Electric Co., Ltd.", "NEC Corp.", "ニッポンデンキ"];

    /// <summary>Every case of <paramref name="group"/> listed in form <paramref name="listed"/>: the other forms of the same company, and every form of the other companies.</summary>
    public static IEnumerable<HandMadeCase> Cases(int group, int listed)
    {
        var (name, forms) = Groups[group];
        for (var q = 0; q < forms.Length; q++)
        {
            if (q != listed)
            {
                yield return new HandMadeCase(name, forms[listed], forms[q], true);
            }
        }
        for (var other = 0; other < Groups.Length; other++)
        {
            if (other != group)
            {
                foreach (var f in Groups[other].Forms)
                {
                    yield return new HandMadeCase(name, forms[listed], f, false);
                }
            }
        }
    }

    public static List<HandMadeOutcome> Run(NameAnalyzer analyzer, IReadOnlyList<ScreeningEntity> background)
    {
        var outcomes = new List<HandMadeOutcome>();
        var options = ScreeningOptions.Default;
        for (var g = 0; g < Groups.Length; g++)
        {
            for (var f = 0; f < Groups[g].Forms.Length; f++)
            {
                var target = new ScreeningEntity(TargetId, "Company", [new EntityName(Groups[g].Forms[f])], ["JP"], []);
                var index = ScreeningIndex.Build([.. background, .. NearMisses, target], analyzer);
                foreach (var c in Cases(g, f))
                {
                    outcomes.Add(Answer(index, c, options));
                }
            }
        }
        var nec = ScreeningIndex.Build([.. background, .. NearMisses, Nec], analyzer);
        foreach (var q in NecQueries)
        {
            outcomes.Add(Answer(nec, new HandMadeCase("NEC, as listed (acronym name, kanji alias)", "NEC Corporation / 日本電気株式会社 / NEC (weak alias)", q, true), options));
        }
        return outcomes;
    }

    private static HandMadeOutcome Answer(ScreeningIndex index, HandMadeCase c, ScreeningOptions options)
    {
        var r = index.Screen(new ScreeningQuery("hand", c.Query), options);
        var top = r.Candidates.Count > 0 ? r.Candidates[0] : null;
        return new HandMadeOutcome(c, r.Decision, top?.EntityId, top?.Score ?? 0, top?.MatchedName, top?.Explanation.Forms ?? "");
    }

    public static string Markdown(IReadOnlyList<HandMadeOutcome> outcomes)
    {
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine("| company | listed as | query | expected | decision | best (score) | |");
        sb.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var o in outcomes.Where(o => o.Case.SameCompany))
        {
            var best = o.BestId is null ? "–" : (o.BestId == TargetId ? "listed entity" : o.BestId) + $" ({o.Score.ToString("0.000", inv)})";
            sb.AppendLine(inv, $"| {o.Case.Group} | {o.Case.Listed} | {o.Case.Query} | match | {o.Decision.ToString().ToLowerInvariant()} | {best} | {(o.Right ? "✓" : "✗")} |");
        }
        var negatives = outcomes.Where(o => !o.Case.SameCompany).ToList();
        var wrong = negatives.Where(o => !o.Right).ToList();
        sb.AppendLine();
        sb.AppendLine(inv, $"Other companies' forms queried against each listed form ({negatives.Count} cases, e.g. Kawasaki Heavy Industries against 三菱重工業株式会社): {negatives.Count - wrong.Count} not matched, {negatives.Count(o => o.Decision == Decision.Review)} sent to review.");
        foreach (var o in wrong)
        {
            sb.AppendLine(inv, $"- ✗ {o.Case.Query} against {o.Case.Listed}: {o.Decision.ToString().ToLowerInvariant()} ({o.Score.ToString("0.000", inv)})");
        }
        return sb.ToString();
    }
}
