using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Benchmarks;

/// <summary>
/// The cases the benchmarks evaluate: the shared examples of issue #3 and deterministic generated cases (a fixed seed
/// gives the same cases on every machine and in every run). Every generated case is one <see cref="TransferCaseReader"/>
/// accepts: the generator keeps to the reader's consistency checks.
/// </summary>
internal static class CaseMix
{
    /// <summary>The countries the rules care about (groups, agreements, embargoes), plus a few they do not.</summary>
    private static readonly string[] Countries =
        ["JP", "US", "AU", "GB", "IT", "UA", "RU", "CN", "IN", "PH", "KR", "DE", "FR", "KP", "IR", "SE", "CA", "MN", "AE", "BR", "IL", "NZ", "VN", "ID", "PL", "SY"];

    private static readonly string?[] Programs = [null, null, null, "GCAP", "Patriot", "F-35", "SM-3", "SM-3 Block IIA", "BMD"];
    private static readonly string?[] Usml = [null, null, "I", "IV", "VIII", "XI", "XV"];
    private static readonly string?[] Eccns = [null, null, null, "9A012", "7A994", "5A002", "9A610"];
    private static readonly decimal?[] Values =
        [null, 0, 999_999, 1_000_000, 13_999_999, 14_000_000, 24_999_999, 25_000_000, 50_000_000, 99_999_999, 100_000_000, 2_350_000_000];
    private static readonly decimal?[] Speeds = [null, null, 300, 390, 799, 800, 900];
    private static readonly string[] FactNames =
        ["destinationFightingOngoing", "destinationPartyToConflict", "destinationUnderUnArmsEmbargo", "destinationUnderAggression", "destinationSecurityPartner", "transferBreachesTreaty"];

    /// <summary>The shared examples' cases, in file order.</summary>
    public static IReadOnlyList<TransferCase> Examples(RuleSet rules)
    {
        using var doc = JsonDocument.Parse(ExamplesJson());
        var cases = new List<TransferCase>();
        foreach (var el in doc.RootElement.EnumerateArray())
        {
            var problems = new List<CaseProblem>();
            cases.Add(TransferCaseReader.ReadCase(el.GetProperty("case"), "", rules, null, problems)
                ?? throw new InvalidOperationException("an example does not read: " + string.Join("; ", problems)));
        }
        return cases;
    }

    public static string ExamplesJson()
    {
        using var stream = typeof(CaseMix).Assembly.GetManifestResourceStream("transfer_cases.json")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The mix the throughput and latency figures use: the examples, then <paramref name="generated"/> generated cases.</summary>
    public static TransferCase[] Mix(RuleSet rules, int generated = 4096) => [.. Examples(rules), .. Generate(generated, seed: 3)];

    /// <summary><paramref name="count"/> cases from <paramref name="seed"/>: the same cases for the same seed.</summary>
    public static IEnumerable<TransferCase> Generate(int count, int seed)
    {
        var rng = new Random(seed);
        for (var n = 0; n < count; n++)
        {
            yield return One(rng, n);
        }
    }

    private static T Pick<T>(Random rng, IReadOnlyList<T> values) => values[rng.Next(values.Count)];

    private static string? Maybe(Random rng, string[] values, int nullOneIn = 3) => rng.Next(nullOneIn) == 0 ? null : Pick(rng, values);

    private static bool? MaybeBool(Random rng) => rng.Next(3) switch { 0 => null, 1 => true, _ => false };

    private static TransferCase One(Random rng, int n)
    {
        // Half the dates anywhere from 1967 to 2035, half in the years most checks are about (2014–2030).
        var date = rng.Next(2) == 0
            ? DateOnly.FromDayNumber(rng.Next(new DateOnly(1967, 1, 1).DayNumber, new DateOnly(2035, 12, 31).DayNumber + 1))
            : DateOnly.FromDayNumber(rng.Next(new DateOnly(2014, 1, 1).DayNumber, new DateOnly(2030, 12, 31).DayNumber + 1));
        // Most checks have Japan or the United States on one side.
        var from = rng.Next(10) switch { < 4 => "JP", < 7 => "US", _ => Pick(rng, Countries) };
        string to;
        do
        {
            to = rng.Next(10) < 2 ? (from == "JP" ? "US" : "JP") : Pick(rng, Countries);
        }
        while (to == from);

        var kind = Pick(rng, TransferVocabulary.Kinds);
        var intangible = kind is "service" or "technology";
        var origin = rng.Next(4) == 0 ? null : rng.Next(2) == 0 ? from : Pick(rng, Countries);
        var madeIn = rng.Next(3) == 0 ? null : rng.Next(2) == 0 ? from : Pick(rng, Countries);
        var licensor = rng.Next(4) == 0 ? Pick(rng, ["US", "US", "GB", "JP", "IT"]) : null;
        if (licensor is not null && licensor == madeIn)
        {
            licensor = null;
        }
        var co = new List<string>();
        if (rng.Next(5) == 0)
        {
            foreach (var c in (string[])["JP", "GB", "IT", "US", "AU"])
            {
                if (rng.Next(2) == 0)
                {
                    co.Add(c);
                }
            }
        }
        var purpose = Maybe(rng, TransferVocabulary.Purposes, nullOneIn: 2);
        if (purpose == "return_to_licensor" && licensor != to)
        {
            purpose = null;
        }
        Dictionary<string, bool>? facts = null;
        if (rng.Next(10) == 0)
        {
            facts = new Dictionary<string, bool>(StringComparer.Ordinal) { [Pick(rng, FactNames)] = rng.Next(2) == 0 };
        }
        return new TransferCase
        {
            Id = "gen-" + n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Date = date,
            From = from,
            To = to,
            Item = new TransferItem
            {
                Kind = kind,
                Weapon = MaybeBool(rng),
                Category = kind == "finished_equipment" ? Maybe(rng, TransferVocabulary.Categories, nullOneIn: 2) : null,
                Origin = origin,
                Licensor = licensor,
                MadeIn = madeIn,
                CoDevelopers = co,
                Program = Pick(rng, Programs),
                Mde = intangible ? null : MaybeBool(rng),
                Sme = MaybeBool(rng),
                Usml = Pick(rng, Usml),
                Eccn = Pick(rng, Eccns),
                MtcrCategory = rng.Next(4) switch { 0 => 1, 1 => 2, _ => null },
                Uas = intangible ? null : MaybeBool(rng),
                MaxSpeedKmh = Pick(rng, Speeds),
            },
            Channel = Maybe(rng, TransferVocabulary.Channels),
            Recipient = Maybe(rng, TransferVocabulary.Recipients),
            Purpose = purpose,
            ValueUsd = Pick(rng, Values),
            Facts = facts ?? (IReadOnlyDictionary<string, bool>)new Dictionary<string, bool>(),
        };
    }
}
