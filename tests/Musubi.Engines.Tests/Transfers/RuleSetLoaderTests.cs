using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>`rules check`: every problem in rule and world files is found, located and named; a bad set never half-loads.</summary>
public sealed class RuleSetLoaderTests
{
    private static IReadOnlyList<RuleProblem> Problems(string? jp = null, string? us = null)
    {
        var load = RuleSet.Load(MiniRuleSet.Sources(jp, us));
        Assert.Null(load.Set);
        Assert.NotEmpty(load.Problems);
        return load.Problems;
    }

    [Fact]
    public void The_mini_set_loads_and_has_a_stable_content_hash()
    {
        var a = MiniRuleSet.Load();
        var b = RuleSet.Load(MiniRuleSet.Sources().AsEnumerable().Reverse().ToList()).Set!;
        Assert.StartsWith("sha256:", a.Hash, StringComparison.Ordinal);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Equal(a.Hash, RuleSet.HashOf(a.Sources));
        var crlf = RuleSet.Load(MiniRuleSet.Sources().Select(s => s with { Text = s.Text.Replace("\n", "\r\n", StringComparison.Ordinal) }).ToList()).Set!;
        Assert.Equal(a.Hash, crlf.Hash);
        var changed = MiniRuleSet.Load(jp: MiniRuleSet.JpRules.Replace("title: Baseline ban", "title: Baseline ban (1976)", StringComparison.Ordinal));
        Assert.NotEqual(a.Hash, changed.Hash);
    }

    [Fact]
    public void Every_problem_is_listed_with_file_line_and_field()
    {
        var problems = Problems(jp: """
            rules:
              - id: JP_A
                jurisdiction: JP
                title: no citation
                effective_from: 2014-04-01
                effect: allow
              - id: JP_B
                jurisdiction: JP
                title: bad country
                effective_from: 2014-04-01
                effect: allow
                when: { to: XX }
                citation: t
              - id: jp_lower
                jurisdiction: JP
                title: bad effect and date
                effective_from: 2014-13-01
                effect: permit
                citation: t
            """);
        Assert.Contains(problems, p => p is { File: "rules/jp/rules.yaml", Line: 2, Field: "JP_A.citation", Message: "required" });
        Assert.Contains(problems, p => p.Field == "JP_B.when.to" && p.Line == 12 && p.Message.Contains("unknown country code 'XX'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "jp_lower.id" && p.Message.Contains("UPPER_SNAKE", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "jp_lower.effective_from" && p.Message.Contains("not a date", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "jp_lower.effect" && p.Message.Contains("valid: allow, allow_with_approvals, deny, require", StringComparison.Ordinal));
        Assert.Equal("rules/jp/rules.yaml:2:JP_A.citation: required", problems.First(p => p.Field == "JP_A.citation").ToString());
    }

    [Fact]
    public void Overlapping_versions_of_one_rule_id_are_refused()
    {
        var problems = Problems(jp: """
            rules:
              - { id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effective_to: 2023-12-22, effect: allow, citation: t }
              - { id: JP_X, jurisdiction: JP, title: b, effective_from: 2023-12-01, effect: allow, citation: t }
            """);
        var p = Assert.Single(problems);
        Assert.Equal("JP_X.effective_from", p.Field);
        Assert.Equal(3, p.Line);
        Assert.Contains("versions overlap", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adjacent_versions_are_fine()
    {
        MiniRuleSet.Load(jp: """
            rules:
              - { id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effective_to: 2023-12-22, effect: allow, citation: t }
              - { id: JP_X, jurisdiction: JP, title: b, effective_from: 2023-12-22, effect: allow, citation: t }
            """);
    }

    [Theory]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: '  ' }", "JP_X.citation", "empty citation")]
    [InlineData("{ id: JP_X, jurisdiction: ZZ, title: a, effective_from: 2014-04-01, effect: allow, citation: t }", "JP_X.jurisdiction", "unknown jurisdiction 'ZZ'")]
    [InlineData("{ id: JP_X, jurisdiction: US, title: a, effective_from: 2014-04-01, effect: allow, citation: t }", "JP_X.jurisdiction", "in folder rules/jp/")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effective_to: 2014-04-01, effect: allow, citation: t }", "JP_X.effective_to", "on or before it starts")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow_with_approvals, citation: t }", "JP_X.approvals", "at least one approval")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, approvals: [NOPE], citation: t }", "JP_X.approvals", "unknown approval code 'NOPE'")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { to: { in_group: NOPE } } }", "JP_X.when.to.in_group", "unknown group 'NOPE'")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { fact: nope } }", "JP_X.when.fact", "unknown fact 'nope'")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { item.colour: red } }", "JP_X.when.item.colour", "unknown field or combinator")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { item.kind: tank } }", "JP_X.when.item.kind", "'tank' is not valid")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { valueUsd: { gte: lots } } }", "JP_X.when.valueUsd.gte", "expected a number")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { item.kind: { gte: 3 } } }", "JP_X.when.item.kind.gte", "unknown operator")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { item.eccn: { pattern: '([' } } }", "JP_X.when.item.eccn.pattern", "not a valid regular expression")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, colour: red }", "JP_X.colour", "unknown field")]
    [InlineData("{ id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: require, citation: t }", "JP_X.approvals", "a require rule adds")]
    public void Each_kind_of_rule_problem_is_named(string rule, string field, string message)
    {
        var problems = Problems(jp: "rules:\n  - " + rule + "\n");
        Assert.Contains(problems, p => p.Field == field && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void World_file_problems_are_named()
    {
        var sources = MiniRuleSet.Sources();
        sources[3] = new RuleSource("world/groups/test.yaml", """
            groups:
              - id: PARTNERS
                name: Partners
                members:
                  - { country: QQ, from: 2014-12-23 }
                  - { country: AU, from: 2014-12-23 }
                  - { country: AU, from: 2015-01-01 }
              - id: FIGHTING
                name: Fighting
                citation: t
            """);
        var load = RuleSet.Load(sources);
        Assert.Null(load.Set);
        Assert.Contains(load.Problems, p => p.Field == "PARTNERS.citation" && p.Message == "required");
        Assert.Contains(load.Problems, p => p.Field == "PARTNERS.members.country" && p.Line == 5 && p.Message.Contains("'QQ'", StringComparison.Ordinal));
        Assert.Contains(load.Problems, p => p.Field == "PARTNERS.members.from" && p.Line == 7 && p.Message.Contains("overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Malformed_yaml_is_a_problem_with_its_line_and_loads_nothing()
    {
        var problems = Problems(jp: "rules:\n  - id: JP_X\n    title: [unclosed\n    effect: allow\n");
        var p = Assert.Single(problems);
        Assert.Equal("rules/jp/rules.yaml", p.File);
        Assert.Equal("yaml", p.Field);
        Assert.True(p.Line >= 3, p.ToString());
    }

    [Theory]
    [InlineData("\"\": []\n")]
    [InlineData("> #\0: N")]
    [InlineData("rules:\n  - { \"\": x, id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t }\n")]
    [InlineData("rules:\n  - { id: JP_X, jurisdiction: JP, title: a, effective_from: 2014-04-01, effect: allow, citation: t, when: { \" \": 1 } }\n")]
    public void An_empty_key_is_still_named(string yaml)
    {
        var problems = Problems(jp: yaml);
        Assert.All(problems, p => Assert.False(string.IsNullOrWhiteSpace(p.Field) || p.Field.EndsWith('.'), p.ToString()));
    }

    [Fact]
    public void A_missing_country_list_or_jurisdiction_file_is_a_problem()
    {
        var sources = MiniRuleSet.Sources().Where(s => s.Path is not ("world/countries.csv" or "world/jurisdictions.yaml")).ToList();
        var load = RuleSet.Load(sources);
        Assert.Null(load.Set);
        Assert.Contains(load.Problems, p => p.File == "world/countries.csv");
        Assert.Contains(load.Problems, p => p.Field == "jurisdictions");
    }

    [Fact]
    public void A_third_jurisdiction_is_added_by_data_alone()
    {
        var sources = MiniRuleSet.Sources();
        sources[1] = new RuleSource("world/jurisdictions.yaml", MiniRuleSet.Jurisdictions + """

              - id: GB
                name: United Kingdom
                reach: { any: [ { from: GB }, { item.madeIn: GB } ] }
                citation: test
            """);
        sources[2] = new RuleSource("world/approvals.yaml", MiniRuleSet.Approvals + """

              - { code: GB_SIEL, jurisdiction: GB, routine: true, description: Standard individual export licence }
            """);
        sources.Add(new RuleSource("rules/gb/rules.yaml", """
            rules:
              - { id: GB_SIEL, jurisdiction: GB, title: SIEL, effective_from: 2000-01-01, effect: allow_with_approvals, baseline: true, approvals: [GB_SIEL], citation: "Export Control Order 2008" }
            """));
        var load = RuleSet.Load(sources);
        Assert.True(load.Set is not null, string.Join("\n", load.Problems));
        var r = new TransferEngine(load.Set).Evaluate(MiniRuleSet.Case("2024-03-26", "GB", "AU", madeIn: "JP"));
        Assert.Equal(["JP", "GB"], r.Gates.Select(g => g.Jurisdiction));
        Assert.Equal(["GB_SIEL"], r.Gates[1].Approvals);
    }

    [Fact]
    public void Load_directory_reads_the_repository_layout()
    {
        var dir = Directory.CreateTempSubdirectory("musubi-rules-");
        try
        {
            foreach (var s in MiniRuleSet.Sources())
            {
                var path = Path.Combine(dir.FullName, s.Path);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, s.Text);
            }
            var load = RuleSet.LoadDirectory(dir.FullName);
            Assert.Equal(MiniRuleSet.Load().Hash, load.Set!.Hash);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
