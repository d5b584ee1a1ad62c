using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Transfers;

/// <summary>A rule as the API, the CLI and the rules browser list it.</summary>
public sealed record RuleView(
    string Id, string Jurisdiction, string Title, string? TitleJa, DateOnly EffectiveFrom, DateOnly? EffectiveTo,
    string Effect, bool Baseline, IReadOnlyList<string> Approvals, IReadOnlyList<NotificationSpec> Notifications,
    string Citation, string? Confidence, string? Uncertain, string Condition, string File, int Line)
{
    public static RuleView Of(Rule r) => new(r.Id, r.Jurisdiction, r.Title, r.TitleJa, r.EffectiveFrom, r.EffectiveTo, EffectText(r.Effect),
        r.Baseline, r.Approvals, r.Notifications, r.Citation, r.Confidence, r.Uncertain, r.ConditionText, r.File, r.Line);

    /// <summary>The word rule files use for an effect (<c>allow_with_approvals</c>).</summary>
    public static string EffectText(RuleEffect effect) => effect switch
    {
        RuleEffect.Allow => "allow",
        RuleEffect.AllowWithApprovals => "allow_with_approvals",
        RuleEffect.Deny => "deny",
        _ => "require",
    };
}

/// <summary>The rules of one rule set, optionally one jurisdiction's and those in force on a date.</summary>
public sealed record RulesView(string Hash, DateOnly? AsOf, string? Jurisdiction, int Count, IReadOnlyList<RuleView> Rules);
