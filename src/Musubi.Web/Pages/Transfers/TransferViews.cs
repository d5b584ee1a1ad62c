using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;

namespace Musubi.Web.Pages.Transfers;

/// <summary>An answer to render, with the rule set that gave it (for approval descriptions and Japanese rule titles).</summary>
public sealed record ResultView(TransferResult Result, RuleSet Rules)
{
    public string Verdict => TransferService.VerdictText(Result.Verdict);

    public ApprovalInfo? Approval(string code) => Rules.Approvals.FirstOrDefault(a => a.Code == code);

    public Rule? Rule(RuleRef r) => Rules.Rules.FirstOrDefault(x => x.Id == r.Id && x.EffectiveFrom == r.EffectiveFrom);
}

/// <summary>One stretch of the eligibility timeline: the verdict from <see cref="Start"/> until <see cref="End"/> (inclusive).</summary>
public sealed record TimelineSegment(DateOnly Start, DateOnly End, TransferVerdict Verdict, double X, double Width)
{
    public string VerdictText => TransferService.VerdictText(Verdict);
}

/// <summary>The eligibility timeline of a case, as segments for an SVG bar (no inline style: the CSP forbids it) and a table.</summary>
public sealed record TimelineView(TransferTimeline Timeline, IReadOnlyList<TimelineSegment> Segments)
{
    public const double Width = 1000;

    public static TimelineView Of(TransferTimeline t)
    {
        var starts = new List<(DateOnly Date, TransferVerdict Verdict)> { (t.From, t.Initial.Verdict) };
        foreach (var c in t.Changes.Where(c => c.VerdictChanged))
        {
            starts.Add((c.Date, c.Verdict));
        }
        var total = Math.Max(1, t.To.DayNumber - t.From.DayNumber + 1);
        var segments = new List<TimelineSegment>();
        for (var i = 0; i < starts.Count; i++)
        {
            var end = i + 1 < starts.Count ? starts[i + 1].Date.AddDays(-1) : t.To;
            var x = Width * (starts[i].Date.DayNumber - t.From.DayNumber) / total;
            var w = Width * (end.DayNumber - starts[i].Date.DayNumber + 1) / total;
            segments.Add(new TimelineSegment(starts[i].Date, end, starts[i].Verdict, x, Math.Max(w, 1)));
        }
        return new TimelineView(t, segments);
    }
}
