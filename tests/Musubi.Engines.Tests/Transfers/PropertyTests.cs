using CsCheck;
using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>Properties that must hold for every case, on the shipped rules and on the small rule set.</summary>
public sealed class PropertyTests
{
    private static readonly TransferEngine Engine = RealRules.Engine;

    [Fact]
    public void Evaluation_is_deterministic()
    {
        CaseGen.Case.Sample(c =>
        {
            var a = TransferJson.Serialize(Engine.Evaluate(c));
            var b = TransferJson.Serialize(new TransferEngine(RealRules.Set).Evaluate(c));
            Assert.Equal(a, b);
        }, iter: 2000);
    }

    [Fact]
    public void A_gate_never_allows_without_an_allowing_rule_in_force_on_the_date()
    {
        CaseGen.Case.Sample(c =>
        {
            var r = Engine.Evaluate(c);
            foreach (var g in r.Gates)
            {
                var allowingInForce = RealRules.Set.Rules.Any(rule => rule.Jurisdiction == g.Jurisdiction
                    && rule.Effect is RuleEffect.Allow or RuleEffect.AllowWithApprovals
                    && rule.EffectiveFrom <= c.Date && (rule.EffectiveTo is null || c.Date < rule.EffectiveTo));
                if (!allowingInForce)
                {
                    Assert.Equal(TransferVerdict.Prohibited, g.Verdict);
                }
                if (g.Verdict != TransferVerdict.Prohibited)
                {
                    // …and the rule that allowed it is in the trace, in force on the date.
                    Assert.Contains(g.Rules, rr => rr.Effect is RuleEffect.Allow or RuleEffect.AllowWithApprovals
                        && rr.EffectiveFrom <= c.Date && (rr.EffectiveTo is null || c.Date < rr.EffectiveTo));
                }
            }
            if (r.Gates.Count == 0 || r.Gates.Any(g => g.Verdict == TransferVerdict.Prohibited))
            {
                Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
            }
        }, iter: 5000);
    }

    [Fact]
    public void A_case_dated_outside_every_allowing_rule_is_never_permitted_on_the_small_set()
    {
        // The small set's JP allowing rules start on 2014-04-01: everything Japan exports before then is prohibited.
        var engine = new TransferEngine(MiniRuleSet.Load());
        Gen.Select(Gen.Int[new DateOnly(1967, 1, 1).DayNumber, new DateOnly(2014, 3, 31).DayNumber], CaseGen.Pick("AU", "GB", "KR", "UA", "US"))
            .Sample((day, to) =>
            {
                var r = engine.Evaluate(MiniRuleSet.Case(DateOnly.FromDayNumber(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "JP", to));
                Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
            }, iter: 500);
    }

    [Fact]
    public void Setting_a_restricting_fact_never_turns_prohibited_into_an_allow()
    {
        var restricting = RealRules.Set.RestrictingFacts();
        Assert.Contains("destinationFightingOngoing", restricting);
        Gen.Select(CaseGen.Case, CaseGen.Pick(restricting.ToArray())).Sample((c, fact) =>
        {
            var before = Engine.Evaluate(c);
            if (before.Verdict != TransferVerdict.Prohibited)
            {
                return;
            }
            var facts = new Dictionary<string, bool>(c.Facts) { [fact] = true };
            var after = Engine.Evaluate(new TransferCase
            {
                Id = c.Id,
                Date = c.Date,
                From = c.From,
                To = c.To,
                Item = c.Item,
                Channel = c.Channel,
                Recipient = c.Recipient,
                Purpose = c.Purpose,
                ValueUsd = c.ValueUsd,
                Facts = facts,
            });
            Assert.Equal(TransferVerdict.Prohibited, after.Verdict);
        }, iter: 5000);
    }

    [Fact]
    public void The_timeline_agrees_with_evaluating_each_day()
    {
        Gen.Select(CaseGen.Case, Gen.Int[0, 15_000]).Sample((c, span) =>
        {
            var from = c.Date;
            var to = DateOnly.FromDayNumber(Math.Min(from.DayNumber + span, new DateOnly(2040, 1, 1).DayNumber));
            var t = Engine.Timeline(c, from, to);
            // Between two listed changes the verdict is constant: check a handful of days inside each stretch.
            var stops = t.Changes.Select(x => x.Date).Prepend(from).Append(to.AddDays(1)).ToList();
            var verdicts = t.Changes.Select(x => x.Verdict).Prepend(t.Initial.Verdict).ToList();
            for (var i = 0; i + 1 < stops.Count; i++)
            {
                var a = stops[i].DayNumber;
                var b = stops[i + 1].DayNumber - 1;
                foreach (var d in new[] { a, (a + b) / 2, b })
                {
                    if (d >= a && d <= b)
                    {
                        Assert.Equal(verdicts[i], Engine.Evaluate(c, DateOnly.FromDayNumber(d)).Verdict);
                    }
                }
            }
        }, iter: 300);
    }
}
