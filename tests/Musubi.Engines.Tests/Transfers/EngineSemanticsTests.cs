using Musubi.Engines.Transfers;
using static Musubi.Engines.Tests.Transfers.MiniRuleSet;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>How a gate decides, on a small rule set whose every rule is known.</summary>
public sealed class EngineSemanticsTests
{
    private readonly TransferEngine engine = new(Load());

    [Fact]
    public void Baseline_deny_decides_when_no_other_rule_fires()
    {
        var r = engine.Evaluate(Case("2010-01-01", "JP", "AU"));
        Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
        var gate = Assert.Single(r.Gates);
        Assert.Equal("JP", gate.Jurisdiction);
        Assert.Equal("JP_BAN", Assert.Single(gate.Rules).Id);
    }

    [Fact]
    public void An_allow_rule_overrides_the_baseline_and_routine_approvals_keep_it_permitted()
    {
        var r = engine.Evaluate(Case("2015-01-01", "JP", "AU", channel: "commercial"));
        Assert.Equal(TransferVerdict.Permitted, r.Verdict);
        Assert.Equal(["JP_METI_LICENCE"], r.Approvals);
        Assert.Equal(["JP_PARTNER_ALLOW", "JP_FEFTA"], r.Gates[0].Rules.Select(x => x.Id));
    }

    [Fact]
    public void A_case_specific_approval_makes_it_permitted_with_approval_and_reports_the_rules_uncertainty()
    {
        var r = engine.Evaluate(Case("2026-05-01", "JP", "AU"));
        Assert.Equal(TransferVerdict.PermittedWithApproval, r.Verdict);
        Assert.Equal(["JP_CABINET_DECISION"], r.Approvals);
        Assert.Contains(r.Uncertain, u => u.Contains("which agreements count", StringComparison.Ordinal));
    }

    [Fact]
    public void Deny_overrides_allow()
    {
        var facts = new Dictionary<string, bool> { ["destinationFightingOngoing"] = true };
        var r = engine.Evaluate(Case("2015-01-01", "JP", "AU", facts: facts));
        Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
        Assert.Equal("JP_FIGHTING_DENY", Assert.Single(r.Gates[0].Rules).Id);
        Assert.Empty(r.Approvals);
    }

    [Fact]
    public void A_fact_read_from_world_data_says_so_and_a_given_fact_does_not()
    {
        var defaulted = engine.Evaluate(Case("2015-01-01", "JP", "AU"));
        Assert.Contains("no official list", defaulted.Uncertain);
        var given = engine.Evaluate(Case("2015-01-01", "JP", "AU", facts: new Dictionary<string, bool> { ["destinationFightingOngoing"] = false }));
        Assert.DoesNotContain("no official list", given.Uncertain);
    }

    [Fact]
    public void World_fact_membership_is_dated()
    {
        Assert.Equal(TransferVerdict.Prohibited, engine.Evaluate(Case("2022-02-24", "JP", "UA")).Verdict);
        // UA is not a partner in the mini set, so before the fighting the baseline decides; the deny rule is not in the trace.
        var before = engine.Evaluate(Case("2022-02-23", "JP", "UA"));
        Assert.Equal("JP_BAN", Assert.Single(before.Gates[0].Rules).Id);
    }

    [Fact]
    public void An_uncertain_membership_is_reported_when_consulted()
    {
        var r = engine.Evaluate(Case("2021-01-01", "JP", "KR"));
        Assert.Equal(TransferVerdict.Permitted, r.Verdict);
        Assert.Contains(r.Uncertain, u => u.StartsWith("PARTNERS / KR", StringComparison.Ordinal));
        Assert.DoesNotContain(engine.Evaluate(Case("2021-01-01", "JP", "AU")).Uncertain, u => u.StartsWith("PARTNERS / KR", StringComparison.Ordinal));
        // From the date a source confirms the membership, its uncertain start no longer matters.
        Assert.DoesNotContain(engine.Evaluate(Case("2022-01-01", "JP", "KR")).Uncertain, u => u.StartsWith("PARTNERS / KR", StringComparison.Ordinal));
        // Before the modelled start, the country may already have been a member: still uncertain.
        Assert.Contains(engine.Evaluate(Case("2019-06-01", "JP", "KR")).Uncertain, u => u.StartsWith("PARTNERS / KR", StringComparison.Ordinal));
    }

    [Fact]
    public void Both_gates_apply_and_the_most_restrictive_wins()
    {
        // Made in Japan, of U.S. origin, sent by the U.S.: the U.S. baseline allows with an LOA; Japan's baseline bans.
        var r = engine.Evaluate(Case("2010-01-01", "US", "FR", madeIn: "JP", origin: "US"));
        Assert.Equal(["JP", "US"], r.Gates.Select(g => g.Jurisdiction));
        Assert.Equal(TransferVerdict.Prohibited, r.Gates[0].Verdict);
        Assert.Equal(TransferVerdict.Permitted, r.Gates[1].Verdict);
        Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
    }

    [Fact]
    public void Notifications_come_from_require_rules_and_make_it_permitted_with_approval()
    {
        var below = engine.Evaluate(Case("2020-01-01", "US", "JP", value: 13_999_999));
        Assert.Equal(TransferVerdict.Permitted, below.Verdict);
        Assert.Empty(below.Notifications);
        var above = engine.Evaluate(Case("2020-01-01", "US", "JP", value: 14_000_000));
        Assert.Equal(TransferVerdict.PermittedWithApproval, above.Verdict);
        var n = Assert.Single(above.Notifications);
        Assert.Equal(("US_CONGRESS", "36(b)", 30, "US_36B"), (n.Body, n.Section, n.ReviewDays!.Value, n.Rule));
        Assert.Equal(["US_LOA", "US_CONGRESS_NOTIFICATION"], above.Approvals);
    }

    [Fact]
    public void No_jurisdiction_reaching_the_case_is_never_permitted_and_says_why()
    {
        var r = engine.Evaluate(Case("2020-01-01", "FR", "DE"));
        Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
        Assert.Empty(r.Gates);
        Assert.Contains(r.Uncertain, u => u.Contains("No modelled jurisdiction", StringComparison.Ordinal));
    }

    [Fact]
    public void A_gate_with_no_rule_in_force_is_prohibited_and_uncertain()
    {
        var set = Load(jp: """
            rules:
              - { id: JP_LATE, jurisdiction: JP, title: late, effective_from: 2000-01-01, effect: allow, citation: t }
            """);
        var r = new TransferEngine(set).Evaluate(Case("1990-01-01", "JP", "AU"));
        Assert.Equal(TransferVerdict.Prohibited, r.Verdict);
        Assert.Contains(r.Uncertain, u => u.Contains("No rule of JP covers", StringComparison.Ordinal));
    }

    [Fact]
    public void As_of_overrides_the_case_date()
    {
        var c = Case("2010-01-01", "JP", "AU");
        var r = engine.Evaluate(c, new DateOnly(2015, 1, 1));
        Assert.Equal(new DateOnly(2015, 1, 1), r.AsOf);
        Assert.Equal(TransferVerdict.Permitted, r.Verdict);
    }

    [Fact]
    public void Timeline_lists_each_change_with_the_rules_and_memberships_that_changed_it()
    {
        var t = engine.Timeline(Case("2000-01-01", "JP", "AU"), new DateOnly(2000, 1, 1), new DateOnly(2027, 1, 1));
        Assert.Equal(TransferVerdict.Prohibited, t.Initial.Verdict);
        Assert.Equal(
            [
                (new DateOnly(2014, 12, 23), TransferVerdict.Permitted),
                (new DateOnly(2026, 4, 21), TransferVerdict.PermittedWithApproval),
            ],
            t.Changes.Select(c => (c.Date, c.Verdict)));
        Assert.Contains("AU joins PARTNERS", t.Changes[0].Facts);
        Assert.Contains("JP_PARTNER_ALLOW", t.Changes[0].RulesStarted);
        // The 2026 change is a new version of the same rule id; both the ended and the started version are named.
        Assert.Contains("JP_PARTNER_ALLOW", t.Changes[1].Rules);
    }

    [Fact]
    public void Explanation_names_the_deciding_rules_and_approvals()
    {
        var r = engine.Evaluate(Case("2026-05-01", "JP", "AU"));
        Assert.Contains("JP_PARTNER_ALLOW", r.Explanation, StringComparison.Ordinal);
        Assert.Contains("JP_CABINET_DECISION", r.Explanation, StringComparison.Ordinal);
        Assert.StartsWith("Permitted with approval on 2026-05-01.", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Result_json_follows_the_contract()
    {
        var r = engine.Evaluate(Case("2020-01-01", "US", "JP", value: 20_000_000));
        var json = TransferJson.Serialize(r);
        Assert.Contains("\"verdict\":\"permitted_with_approval\"", json, StringComparison.Ordinal);
        Assert.Contains("\"asOf\":\"2020-01-01\"", json, StringComparison.Ordinal);
        Assert.Contains("\"effect\":\"allow_with_approvals\"", json, StringComparison.Ordinal);
        Assert.Contains("\"reviewDays\":30", json, StringComparison.Ordinal);
        Assert.DoesNotContain("fired", json, StringComparison.OrdinalIgnoreCase);
    }
}
