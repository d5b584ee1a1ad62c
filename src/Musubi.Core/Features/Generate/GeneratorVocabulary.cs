namespace Musubi.Core.Features.Generate;

/// <summary>The fixed words and codes synthetic packages are made of: countries, regions, names, part kinds.</summary>
internal static class GeneratorVocabulary
{
    public static readonly (string Code, int Weight, string Suffix)[] Countries =
    [
        ("US", 45, "Inc"), ("JP", 25, "KK"), ("DE", 3, "GmbH"), ("GB", 3, "Ltd"), ("IT", 2, "SpA"), ("AU", 3, "Pty Ltd"),
        ("KR", 3, "Co Ltd"), ("FR", 2, "SA"), ("CA", 2, "Ltd"), ("TW", 2, "Corp"), ("CN", 3, "Co Ltd"), ("RU", 2, "JSC"),
    ];

    public static readonly string[] UsStates =
        ["AZ", "AL", "CA", "TX", "FL", "CO", "WA", "MA", "CT", "VA", "MD", "OH", "MO", "GA", "UT", "NY", "PA", "MN", "NM"];

    public static readonly string[] Prefectures =
        ["Aichi", "Hyogo", "Kanagawa", "Tokyo", "Nagasaki", "Gifu", "Shizuoka", "Osaka", "Gunma", "Saitama", "Ibaraki", "Hiroshima", "Kyoto", "Tochigi"];

    public static readonly string[] OrganizationWords =
        ["Aerospace", "Precision", "Dynamics", "Systems", "Electronics", "Materials", "Industries", "Technologies", "Works", "Components"];

    public static readonly (string Noun, bool Weapon, string Usml, string Eccn)[] EndItemKinds =
    [
        ("Interceptor", true, "IV", ""), ("Cruise missile", true, "IV", ""), ("Fighter aircraft", true, "VIII", ""),
        ("Frigate", true, "VI", ""), ("Armored vehicle", true, "VII", ""), ("Radar system", false, "XI", ""),
        ("Satellite", false, "XV", ""), ("Transport aircraft", false, "", "9A610.a"),
    ];

    public static readonly (string Noun, string Usml, string Eccn)[] AssemblyKinds =
    [
        ("Seeker assembly", "XII(d)(1)", ""), ("Guidance section", "IV(h)(1)", ""), ("Rocket motor", "IV(d)(1)", ""),
        ("Airframe section", "VIII(h)(1)", ""), ("Radar module", "XI(c)(1)", ""), ("Antenna array", "XI(c)(1)", ""),
        ("Actuator", "", "9A610.x"), ("Processor module", "", "3A611.x"), ("Gyroscope", "", "7A611.x"),
        ("Gearbox", "", "9A610.x"), ("Power unit", "", "EAR99"), ("Wiring harness", "", "EAR99"),
    ];

    public static readonly (string Noun, string Usml, string Eccn)[] LeafKinds =
    [
        ("Forging", "", "EAR99"), ("Casting", "", "EAR99"), ("Fastener", "", ""), ("Connector", "", "EAR99"),
        ("FPGA", "", "3A001"), ("Capacitor", "", ""), ("Bearing", "", "EAR99"), ("Composite panel", "", "1A002"),
        ("GaN wafer", "", "3C005"), ("Rare-earth magnet", "", ""), ("Propellant ingredient", "V", ""), ("Infrared detector", "XII(e)(1)", ""),
    ];

    public static readonly int[] AssemblyQuantities = [1, 1, 1, 1, 2, 2, 4];
    public static readonly int[] LeafQuantities = [1, 1, 1, 2, 2, 4, 6, 8, 12, 24];
}
