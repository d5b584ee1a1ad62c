using System.Globalization;
using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>The shipped rules: they load, every rule fires where it should and not where it should not, every regime change flips an answer.</summary>
public sealed class RealRuleSetTests
{
    [Fact]
    public void The_repository_data_loads_without_problems_and_is_what_the_build_embedded()
    {
        var load = RuleSet.LoadDirectory(Path.Combine(RealRules.RepoRoot, "data"));
        Assert.True(load.Set is not null, string.Join("\n", load.Problems));
        Assert.Equal(load.Set.Hash, RealRules.Set.Hash);
        Assert.Contains(load.Set.Jurisdictions, j => j.Id == "JP");
        Assert.Contains(load.Set.Jurisdictions, j => j.Id == "US");
    }

    [Fact]
    public void Every_rule_cites_its_source_and_every_group_too()
    {
        Assert.All(RealRules.Set.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Citation), r.Id));
        Assert.All(RealRules.Set.Groups, g => Assert.False(string.IsNullOrWhiteSpace(g.Citation), g.Id));
        Assert.All(RealRules.Set.Rules, r => Assert.False(string.IsNullOrWhiteSpace(r.TitleJa), r.Id + " has no Japanese title"));
    }

    public static TheoryData<string, string, bool, string> RuleCases()
    {
        var data = new TheoryData<string, string, bool, string>();
        using var doc = JsonDocument.Parse(RealRules.Fixture("rule_cases.json"));
        foreach (var el in doc.RootElement.EnumerateArray())
        {
            data.Add(el.GetProperty("rule").GetString()!, el.GetProperty("effectiveFrom").GetString()!, el.GetProperty("fires").GetBoolean(), el.GetProperty("case").GetRawText());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RuleCases))]
    public void Rule_fires_exactly_where_its_case_says(string rule, string effectiveFrom, bool fires, string caseJson)
    {
        using var doc = JsonDocument.Parse(caseJson);
        var c = RealRules.ReadCase(doc.RootElement);
        var version = RealRules.Set.Rules.SingleOrDefault(r => r.Id == rule && r.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) == effectiveFrom);
        Assert.True(version is not null, $"no version of {rule} starts on {effectiveFrom}");
        var result = RealRules.Engine.Evaluate(c);
        var fired = result.Gates.Where(g => g.Jurisdiction == version.Jurisdiction).SelectMany(g => g.Fired).ToList();
        var inForce = c.Date >= version.EffectiveFrom && (version.EffectiveTo is null || c.Date < version.EffectiveTo);
        Assert.Equal(fires, inForce && fired.Contains(rule));
        if (fires)
        {
            Assert.True(inForce, $"{rule} case is dated outside the version");
        }
    }

    [Fact]
    public void Every_rule_version_has_a_case_where_it_fires_and_one_where_it_does_not()
    {
        using var doc = JsonDocument.Parse(RealRules.Fixture("rule_cases.json"));
        var cases = doc.RootElement.EnumerateArray()
            .Select(el => (Rule: el.GetProperty("rule").GetString()!, From: el.GetProperty("effectiveFrom").GetString()!, Fires: el.GetProperty("fires").GetBoolean()))
            .ToList();
        var missing = new List<string>();
        foreach (var r in RealRules.Set.Rules)
        {
            var from = r.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var fires in new[] { true, false })
            {
                if (!cases.Contains((r.Id, from, fires)))
                {
                    missing.Add($"{r.Id}@{from} {(fires ? "fires" : "does not fire")}");
                }
            }
        }
        Assert.True(missing.Count == 0, "rule versions without a test case:\n" + string.Join("\n", missing));
    }

    public static TheoryData<string, string, string, string, string> RegimePairs()
    {
        var data = new TheoryData<string, string, string, string, string>();
        using var doc = JsonDocument.Parse(RealRules.Fixture("regime_pairs.json"));
        foreach (var el in doc.RootElement.EnumerateArray())
        {
            data.Add(el.GetProperty("date").GetString()!, el.GetProperty("case").GetRawText(), el.GetProperty("before").GetString()!, el.GetProperty("after").GetString()!,
                el.TryGetProperty("beforeApprovals", out var ba) ? ba.GetRawText() + "|" + el.GetProperty("afterApprovals").GetRawText() : "");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(RegimePairs))]
    public void Regime_change_flips_the_answer_on_its_date(string date, string caseJson, string before, string after, string approvals)
    {
        var day = DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        using var doc = JsonDocument.Parse(caseJson);
        var withDate = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(doc.RootElement.GetRawText())!;
        withDate["date"] = JsonSerializer.SerializeToElement(date);
        var c = RealRules.ReadCase(JsonSerializer.SerializeToElement(withDate));
        var b = RealRules.Engine.Evaluate(c, day.AddDays(-1));
        var a = RealRules.Engine.Evaluate(c, day);
        Assert.Equal(RealRules.ParseVerdict(before), b.Verdict);
        Assert.Equal(RealRules.ParseVerdict(after), a.Verdict);
        if (approvals.Length > 0)
        {
            var parts = approvals.Split('|');
            Assert.Equal(JsonSerializer.Deserialize<string[]>(parts[0])!.Order(), b.Approvals.Order());
            Assert.Equal(JsonSerializer.Deserialize<string[]>(parts[1])!.Order(), a.Approvals.Order());
        }
        else
        {
            Assert.NotEqual(b.Verdict, a.Verdict);
        }
    }

    [Fact]
    public void Every_regime_change_date_has_a_before_after_pair()
    {
        using var doc = JsonDocument.Parse(RealRules.Fixture("regime_pairs.json"));
        var covered = doc.RootElement.EnumerateArray().Select(el => el.GetProperty("date").GetString()!).ToHashSet();
        var set = RealRules.Set;
        var earliest = set.Rules.Min(r => r.EffectiveFrom);
        var dates = set.Rules.SelectMany(r => new[] { r.EffectiveFrom, r.EffectiveTo ?? DateOnly.MaxValue })
            .Where(d => d > earliest && d != DateOnly.MaxValue)
            .Select(d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))
            .Distinct()
            .Where(d => !covered.Contains(d))
            .Order()
            .ToList();
        Assert.True(dates.Count == 0, "regime-change dates without a before/after pair: " + string.Join(", ", dates));
    }
}
