using System.Text;
using System.Text.Json.Serialization;

namespace Musubi.Engines.Transfers;

/// <summary>The answer for a transfer or for one jurisdiction's gate.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<TransferVerdict>))]
public enum TransferVerdict
{
    /// <summary>Routine licensing only.</summary>
    Permitted = 0,

    /// <summary>A case-specific decision, consent, undertaking or notification is needed.</summary>
    PermittedWithApproval = 1,

    /// <summary>The transfer may not go ahead.</summary>
    Prohibited = 2,
}

/// <summary>A rule as it appears in a result's trace.</summary>
public sealed record RuleRef(string Id, RuleEffect Effect, string Citation, DateOnly EffectiveFrom, DateOnly? EffectiveTo, string Title);

/// <summary>A notification the transfer needs, with the rule that requires it.</summary>
public sealed record TransferNotification(string Body, string? Section, int? ReviewDays, string Timing, string Rule);

/// <summary>One jurisdiction's verdict on a transfer.</summary>
public sealed class GateResult
{
    public required string Jurisdiction { get; init; }
    public required TransferVerdict Verdict { get; init; }

    /// <summary>The rules that decided the verdict, then the rules that added approvals or notifications.</summary>
    public required IReadOnlyList<RuleRef> Rules { get; init; }

    public required IReadOnlyList<string> Approvals { get; init; }

    /// <summary>Every rule of this jurisdiction in force on the date whose condition held.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Fired { get; init; } = [];
}

/// <summary>The engine's answer for one case.</summary>
public sealed class TransferResult
{
    private string? explanation;

    public string? Id { get; init; }
    public required DateOnly AsOf { get; init; }
    public required TransferVerdict Verdict { get; init; }
    public required IReadOnlyList<GateResult> Gates { get; init; }
    public required IReadOnlyList<string> Approvals { get; init; }
    public required IReadOnlyList<TransferNotification> Notifications { get; init; }
    public required IReadOnlyList<string> Uncertain { get; init; }

    /// <summary>The verdict in words, with each gate's deciding rules and what they require.</summary>
    public string Explanation => explanation ??= Explain();

    private string Explain()
    {
        var sb = new StringBuilder();
        sb.Append(VerdictText(Verdict)).Append(" on ").Append(AsOf.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Append('.');
        if (Gates.Count == 0)
        {
            sb.Append(" No modelled jurisdiction's rules reach this transfer.");
        }
        foreach (var g in Gates)
        {
            sb.Append(' ').Append(g.Jurisdiction).Append(": ").Append(VerdictText(g.Verdict).ToLowerInvariant());
            var deciding = g.Rules.Where(r => r.Effect != RuleEffect.Require).ToList();
            if (deciding.Count > 0)
            {
                sb.Append(" under ").Append(string.Join("; ", deciding.Select(r => $"{r.Id} ({r.Title})")));
            }
            if (g.Approvals.Count > 0)
            {
                sb.Append(", needing ").Append(string.Join(", ", g.Approvals));
            }
            sb.Append('.');
        }
        if (Notifications.Count > 0)
        {
            sb.Append(" Notifications: ").Append(string.Join("; ", Notifications.Select(n =>
                $"{n.Body} {n.Section}{(n.ReviewDays is { } d ? $", {d} days' review" : "")} ({n.Timing})"))).Append('.');
        }
        if (Uncertain.Count > 0)
        {
            sb.Append(" Uncertain:");
            foreach (var u in Uncertain)
            {
                sb.Append(' ').Append(u);
                if (!u.EndsWith('.'))
                {
                    sb.Append('.');
                }
            }
        }
        return sb.ToString();
    }

    internal static string VerdictText(TransferVerdict v) => v switch
    {
        TransferVerdict.Permitted => "Permitted",
        TransferVerdict.PermittedWithApproval => "Permitted with approval",
        _ => "Prohibited",
    };
}

/// <summary>How the answer for one case changes across a date range.</summary>
public sealed class TransferTimeline
{
    public string? Id { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }

    /// <summary>The answer on <see cref="From"/>.</summary>
    public required TransferResult Initial { get; init; }

    /// <summary>Every date in the range on which the verdict or the approvals change.</summary>
    public required IReadOnlyList<TimelineChange> Changes { get; init; }
}

/// <summary>A date on which the answer changes, and the rules and facts that changed it.</summary>
public sealed class TimelineChange
{
    public required DateOnly Date { get; init; }
    public required TransferVerdict PreviousVerdict { get; init; }
    public required TransferVerdict Verdict { get; init; }

    /// <summary>Whether the verdict itself changed (otherwise only approvals or notifications did).</summary>
    public bool VerdictChanged => PreviousVerdict != Verdict;

    /// <summary>Rules that fire from this date and did not the day before, or the reverse.</summary>
    public required IReadOnlyList<string> Rules { get; init; }

    public required IReadOnlyList<string> RulesStarted { get; init; }
    public required IReadOnlyList<string> RulesEnded { get; init; }

    /// <summary>Country-group memberships of the case's countries that begin or end on this date.</summary>
    public required IReadOnlyList<string> Facts { get; init; }

    public required TransferResult Result { get; init; }
}
