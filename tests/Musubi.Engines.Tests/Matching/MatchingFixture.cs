using Musubi.Engines.Matching;

namespace Musubi.Engines.Tests.Matching;

/// <summary>A small hand-worked world: a taxonomy, seven facilities, a requirement and a transfer table.</summary>
internal static class MatchingFixture
{
    public const int Public = 0;
    public const int Hidden = 99;

    public static readonly DateOnly AsOf = new(2027, 1, 1);

    public static CapabilityTaxonomy Taxonomy() => new(
    [
        new CapabilityTerm("PROP", null, "Propulsion", "推進"),
        new CapabilityTerm("PROP.SRM", "PROP", "Solid rocket motors", "固体ロケットモーター", "Solid propellant rocket motors"),
        new CapabilityTerm("PROP.SRM.CASE", "PROP.SRM", "Rocket motor cases", "ロケットモーターケース"),
        new CapabilityTerm("ELEC", null, "Electronics", "電子"),
        new CapabilityTerm("ELEC.HARN", "ELEC", "Wire harnesses", "ワイヤーハーネス"),
    ]);

    public static bool CanSee(int key) => key != Hidden;

    /// <summary>R1: 120 PROP.SRM units by 2027-07-01 (6 whole months after AsOf), AS9100 required, for the US and Japan.</summary>
    public static RequirementDocument R1 => new(
        "req-1", "prog-a", "Interceptor upgrade", ["US", "JP"],
        "Solid rocket motor cases for an interceptor", "迎撃ミサイル用固体ロケットモーターケース",
        "Filament-wound composite motor cases.", "フィラメントワインディング複合材モーターケース。",
        ["PROP.SRM"], ["AS9100"], 120, new DateOnly(2027, 7, 1), new DateOnly(2026, 10, 1),
        "funded", "dcs", "open", Public);

    public static SupplierCapability Cap(string code, decimal? actual, decimal? max, string? evidence = null, int key = Public, DateOnly? from = null, DateOnly? to = null)
        => new(code, actual, max, from, to, evidence, key);

    public static SupplierFacility Facility(string org, string facility, string country, IReadOnlyList<SupplierCapability> caps,
        IReadOnlyList<SupplierCertification>? certs = null, IReadOnlyList<PastEngagement>? engagements = null, bool screeningHit = false, int key = Public)
        => new(org, "Org " + org, null, country, facility, "Plant " + facility, country, caps, certs ?? [], engagements ?? [], screeningHit, screeningHit ? "Entity List: Example Co" : null, key);

    public static List<SupplierFacility> Facilities() =>
    [
        // F1 Japan: PROP.SRM exact, actual 10, max 30 → spare 20; JIS Q 9100 (satisfies AS9100); engaged on prog-a.
        Facility("org-a", "f1", "JP", [Cap("PROP.SRM", 10, 30, "Composite solid rocket motor cases, filament wound")],
            [new SupplierCertification("JIS Q 9100", null, new DateOnly(2024, 1, 1), new DateOnly(2028, 12, 31))],
            [new PastEngagement("prog-a", "Interceptor upgrade", "award", new DateOnly(2025, 5, 1), Public)]),

        // F2 US: PROP.SRM.CASE (narrower), actual unknown, max 10 → spare 10; AS9100; a hidden engagement on prog-b.
        Facility("org-b", "f2", "US", [Cap("PROP.SRM.CASE", null, 10, "Motor case machining")],
            [new SupplierCertification("AS9100", "D", null, null)],
            [new PastEngagement("prog-b", "Hidden program", "contract", null, Hidden)]),

        // F3 Japan: PROP (broader), no capacity; AS9100 expired 2026-12-31, ISO 9001 valid: fails certification.
        Facility("org-c", "f3", "JP", [Cap("PROP", null, null)],
            [new SupplierCertification("AS9100", null, null, new DateOnly(2026, 12, 31)), new SupplierCertification("ISO 9001", null, null, null)]),

        // F4 Germany: PROP.SRM actual 30, max 40; DE→US prohibited, DE→JP unknown: fails transfer.
        Facility("org-d", "f4", "DE", [Cap("PROP.SRM", 30, 40)], [new SupplierCertification("EN 9100", null, null, null)]),

        // F5 Korea: screening hit.
        Facility("org-e", "f5", "KR", [Cap("PROP.SRM.CASE", 1, 5)], [new SupplierCertification("AS9100", null, null, null)], screeningHit: true),

        // F6 Japan: unrelated capability, not a candidate.
        Facility("org-f", "f6", "JP", [Cap("ELEC.HARN", 100, 200)]),

        // F7 US: hidden facility, never a candidate.
        Facility("org-g", "f7", "US", [Cap("PROP.SRM", 500, 1000, "Solid rocket motor cases")], [new SupplierCertification("AS9100", null, null, null)], key: Hidden),

        // F8 Japan: PROP.SRM valid only until 2027-03-31 (before the need date): fails the capability filter.
        Facility("org-h", "f8", "JP", [Cap("PROP.SRM", null, 50, to: new DateOnly(2027, 3, 31))], [new SupplierCertification("AS9100", null, null, null)]),
    ];

    /// <summary>JP→US permitted, US→JP with approval, DE→US prohibited, DE→JP unknown, KR→anywhere permitted.</summary>
    public static TransferLookup TransferTable(List<(string From, string To)>? calls = null) => (from, to, date) =>
    {
        calls?.Add((from, to));
        return (from, to) switch
        {
            ("JP", "US") => new TransferFact(TransferFactVerdict.Permitted, "Three Principles: permitted.", "3P-1", []),
            ("US", "JP") => new TransferFact(TransferFactVerdict.PermittedWithApproval, "ITAR licence needed.", "22 CFR 123.1", ["DSP-5 licence"]),
            ("DE", "US") => new TransferFact(TransferFactVerdict.Prohibited, "Embargo on the date.", "Illustrative rule", []),
            ("DE", "JP") => new TransferFact(TransferFactVerdict.Unknown, "No rule set.", null, []),
            _ => new TransferFact(TransferFactVerdict.Permitted, "Permitted.", null, []),
        };
    };
}
