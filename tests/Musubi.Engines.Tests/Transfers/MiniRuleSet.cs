using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>A small, self-contained rule set for testing the engine's semantics apart from the real data.</summary>
internal static class MiniRuleSet
{
    public const string Countries = "alpha2,alpha3,name\nJP,JPN,Japan\nUS,USA,United States\nAU,AUS,Australia\nGB,GBR,United Kingdom\nUA,UKR,Ukraine\nKR,KOR,Korea\nFR,FRA,France\nDE,DEU,Germany\n";

    public const string Jurisdictions = """
        jurisdictions:
          - id: JP
            name: Japan
            reach: { any: [ { from: JP }, { item.madeIn: JP } ] }
            citation: test
          - id: US
            name: United States
            reach: { any: [ { from: US }, { item.origin: US } ] }
            citation: test
        """;

    public const string Approvals = """
        approvals:
          - { code: JP_METI_LICENCE, jurisdiction: JP, routine: true, description: METI licence }
          - { code: JP_CABINET_DECISION, jurisdiction: JP, routine: false, description: Cabinet decision }
          - { code: US_LOA, jurisdiction: US, routine: true, description: LOA }
          - { code: US_CONGRESS_NOTIFICATION, jurisdiction: US, routine: false, description: Congress }
        """;

    public const string Groups = """
        groups:
          - id: PARTNERS
            name: Partners
            citation: test
            members:
              - { country: AU, from: 2014-12-23 }
              - { country: GB, from: 2014-01-01 }
              - { country: KR, from: 2020-01-01, certain_from: 2022-01-01, uncertain: "start date inferred" }
          - id: FIGHTING
            name: Fighting
            citation: test
            members:
              - { country: UA, from: 2022-02-24 }
        """;

    public const string Facts = """
        facts:
          - id: destinationFightingOngoing
            subject: to
            group: FIGHTING
            when_defaulted: "no official list"
        """;

    public const string JpRules = """
        rules:
          - id: JP_BAN
            jurisdiction: JP
            title: Baseline ban
            effective_from: 1967-01-01
            effect: deny
            baseline: true
            citation: test
          - id: JP_PARTNER_ALLOW
            jurisdiction: JP
            title: Finished equipment to partners
            effective_from: 2014-04-01
            effective_to: 2026-04-21
            effect: allow
            when:
              - to: { in_group: PARTNERS }
              - item.kind: finished_equipment
            citation: test
          - id: JP_PARTNER_ALLOW
            jurisdiction: JP
            title: Finished weapons to partners with a Cabinet decision
            effective_from: 2026-04-21
            effect: allow_with_approvals
            approvals: [JP_CABINET_DECISION]
            when:
              - to: { in_group: PARTNERS }
            citation: test
            uncertain: "which agreements count"
          - id: JP_FIGHTING_DENY
            jurisdiction: JP
            title: No transfers where fighting is taking place
            effective_from: 2014-04-01
            effect: deny
            when: { fact: destinationFightingOngoing }
            citation: test
          - id: JP_FEFTA
            jurisdiction: JP
            title: METI licence
            effective_from: 1967-01-01
            effect: require
            approvals: [JP_METI_LICENCE]
            when: { channel: [commercial, dcs] }
            citation: test
        """;

    public const string UsRules = """
        rules:
          - id: US_BASE
            jurisdiction: US
            title: LOA
            effective_from: 1967-01-01
            effect: allow_with_approvals
            baseline: true
            approvals: [US_LOA]
            citation: test
          - id: US_36B
            jurisdiction: US
            title: Congressional review
            effective_from: 1976-06-30
            effect: require
            approvals: [US_CONGRESS_NOTIFICATION]
            notifications: [ { body: US_CONGRESS, section: "36(b)", review_days: 30 } ]
            when: { valueUsd: { gte: 14000000 } }
            citation: test
        """;

    public static List<RuleSource> Sources(string? jp = null, string? us = null) =>
    [
        new("world/countries.csv", Countries),
        new("world/jurisdictions.yaml", Jurisdictions),
        new("world/approvals.yaml", Approvals),
        new("world/groups/test.yaml", Groups),
        new("world/facts.yaml", Facts),
        new("rules/jp/rules.yaml", jp ?? JpRules),
        new("rules/us/rules.yaml", us ?? UsRules),
    ];

    public static RuleSet Load(string? jp = null, string? us = null)
    {
        var load = RuleSet.Load(Sources(jp, us));
        Assert.True(load.Set is not null, string.Join("\n", load.Problems));
        return load.Set!;
    }

    public static TransferCase Case(string date, string from, string to, string kind = "finished_equipment", string? channel = null,
        decimal? value = null, string? madeIn = null, string? origin = null, IReadOnlyDictionary<string, bool>? facts = null) => new()
        {
            Date = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture),
            From = from,
            To = to,
            Item = new TransferItem
            {
                Kind = kind,
                MadeIn = madeIn,
                Origin = origin,
            },
            Channel = channel,
            ValueUsd = value,
            Facts = facts ?? new Dictionary<string, bool>(),
        };
}
