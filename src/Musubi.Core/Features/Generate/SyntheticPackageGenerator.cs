using System.Buffers;
using System.Globalization;
using System.Text;

namespace Musubi.Core.Features.Generate;

/// <summary>
/// Writes a deterministic synthetic supply-network package (docs/formats.md §1): the same options give byte-identical
/// files. Parts sit in tiers: a few end items at tier 0, then tiers 1..T−1 each twice the size of the one above, so
/// about half the parts are leaves. A non-end part's offers all consume the part's 2–8 inputs, taken from deeper
/// tiers: the first half cover the next tier (so most parts have a consumer and every tier is reachable from an end
/// item), the rest are power-law picks, so a few components feed very many assemblies.
/// </summary>
/// <remarks>
/// Per part, with <c>M = OffersPerPart</c>, <c>A = ApprovedSourcesPerInput</c> and 5 tiers, expect about
/// <c>M</c> offers, <c>2.3·M</c> offer inputs (the non-leaf share of parts is 7/15, each with 5 inputs on average)
/// and <c>1.17·M·A′</c> approved sources, where <c>A′ ≤ A</c> is <c>A</c> capped by the input part's offer count
/// (1.3 for the defaults). With 4 tiers the non-leaf share is 3/7, with 3 tiers 1/3, with many tiers 1/2.
/// Benchmark size: <c>Parts = 200_000, OffersPerPart = 5, ApprovedSourcesPerInput = 4.5</c> gives about 1.0 M offers,
/// 2.3 M offer inputs and 3.0 M approved sources in about a second. Memory is a few arrays of one entry per part; rows
/// are streamed to disk. With at most 50 end items of at most 8 inputs, only part of a large package is reachable
/// from an end item (about 10% at 200,000 parts and 5 tiers, 80% with 8 tiers).
/// </remarks>
public static class SyntheticPackageGenerator
{
    private const double RestrictedShare = 0.5;
    private const double QualifiedShare = 0.9;
    private const double QualificationKnownShare = 0.9;
    private const double NextTierShare = 0.75;
    private const int MaxExtra = 30;
    private const int MaxOffersPerPart = 2 + (2 * MaxExtra);
    private const int MaxInputs = 9; // 8 drawn + 1 back-edge

    /// <summary>Writes the six CSV files into <paramref name="directory"/> (created if missing, files overwritten).</summary>
    /// <param name="progress">Receives the share of parts written, 0..1.</param>
    public static GeneratorSummary Write(GeneratorOptions options, string directory, IProgress<double>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var tiers = TierSizes(options);
        Directory.CreateDirectory(directory);
        var rng = new Random(options.Seed);
        // Qualification figures draw from their own stream, so adding them left every other value of a seed unchanged.
        var qualificationRng = new Random(options.Seed ^ 0x5EED0F);

        var (facilityCount, primeFacilities) = WriteOrganizations(options, directory, rng);
        var (offerStart, qualifiedCount) = PlanOffers(options, rng);

        using var parts = new CsvFile(Path.Combine(directory, "parts.csv"), "id,name,end_item,weapon,usml,eccn");
        using var offers = new CsvFile(Path.Combine(directory, "offers.csv"), "id,part_id,facility_id,capacity_per_month,lead_time_days,unit_cost_usd,qualified,qualification_months,qualification_cost_usd");
        using var offerInputs = new CsvFile(Path.Combine(directory, "offer_inputs.csv"), "offer_id,input_part_id,quantity_per_unit");
        using var approved = new CsvFile(Path.Combine(directory, "approved_sources.csv"), "offer_id,input_part_id,source_offer_id");

        int partCount = options.Parts;
        int lastTier = tiers.Length - 1;
        var tierStart = new int[tiers.Length + 1];
        for (int t = 0; t < tiers.Length; t++)
        {
            tierStart[t + 1] = tierStart[t] + tiers[t];
        }

        var consumer = new int[partCount];
        Array.Fill(consumer, -1);
        var inputs = new int[MaxInputs];
        var quantities = new int[MaxInputs];
        var pool = new int[MaxOffersPerPart];
        bool anyBackEdge = false;
        int progressStep = Math.Max(1, partCount / 200);
        double sourceExtraMean = Math.Max(0, options.ApprovedSourcesPerInput - 1);

        for (int t = 0; t < tiers.Length; t++)
        {
            double f = (double)t / lastTier;
            long capacityLow = (long)Math.Round(5 * Math.Pow(200, f));
            long capacityHigh = (long)Math.Round(50 * Math.Pow(2000, f));
            long centsLow = (long)Math.Round(1e8 * Math.Pow(1e-6, f));
            long centsHigh = (long)Math.Round(5e9 * Math.Pow(2e-5, f));
            // Qualifying a new source: US$2M–20M for an end item down to US$40k–200k for a leaf part.
            long qualificationLow = (long)Math.Round(2e3 * Math.Pow(0.02, f));
            long qualificationHigh = (long)Math.Round(2e4 * Math.Pow(0.01, f));

            for (int i = 0; i < tiers[t]; i++)
            {
                int p = tierStart[t] + i;
                WritePart(parts, rng, p, t, lastTier);

                // Bill of materials: the first half of the slots cover the next tier (child i, i + n, i + 2n, …),
                // the rest are power-law picks so that a few components feed very many assemblies.
                int count = 0;
                if (t < lastTier)
                {
                    int wanted = rng.Next(2, 9);
                    int nextSize = tiers[t + 1];
                    for (int k = 0; k < (wanted + 1) / 2; k++)
                    {
                        long child = i + ((long)k * tiers[t]);
                        if (child >= nextSize)
                        {
                            break;
                        }

                        inputs[count++] = tierStart[t + 1] + (int)child;
                    }

                    for (int attempt = 0; count < wanted && attempt < 4 * wanted; attempt++)
                    {
                        int target = t + 1 == lastTier || rng.NextDouble() < NextTierShare ? t + 1 : rng.Next(t + 2, lastTier + 1);
                        int size = tiers[target];
                        int local = rng.NextDouble() < 0.5 ? rng.Next(size) : (int)(size * Cube(rng.NextDouble()));
                        int candidate = tierStart[target] + local;
                        if (Array.IndexOf(inputs, candidate, 0, count) < 0)
                        {
                            inputs[count++] = candidate;
                        }
                    }

                    for (int k = 0; k < count; k++)
                    {
                        quantities[k] = Pick(rng, inputs[k] >= tierStart[lastTier] ? GeneratorVocabulary.LeafQuantities : GeneratorVocabulary.AssemblyQuantities);
                    }
                }

                if (options.CycleShare > 0 && consumer[p] >= 0 && (!anyBackEdge || rng.NextDouble() < options.CycleShare))
                {
                    anyBackEdge = true;
                    inputs[count] = consumer[p];
                    quantities[count] = 1;
                    count++;
                }

                for (int k = 0; k < count; k++)
                {
                    if (consumer[inputs[k]] < 0)
                    {
                        consumer[inputs[k]] = p;
                    }
                }

                for (int o = offerStart[p]; o < offerStart[p + 1]; o++)
                {
                    int facility = t == 0 ? primeFacilities[rng.Next(primeFacilities.Length)] : rng.Next(facilityCount);
                    offers.Id("o-", o + 1, "D7").Id("p-", p + 1, "D6").Id("fac-", facility + 1, "D6")
                        .Number(capacityLow + rng.NextInt64(capacityHigh - capacityLow + 1))
                        .Number(rng.Next(14, 366))
                        .Money(centsLow + rng.NextInt64(centsHigh - centsLow + 1))
                        .Bool(o - offerStart[p] < qualifiedCount[p]);
                    if (o - offerStart[p] >= qualifiedCount[p] && qualificationRng.NextDouble() < QualificationKnownShare)
                    {
                        // Unqualified offers mostly carry illustrative qualification figures (6–24 months, whole US$ thousands);
                        // the rest stay unknown, as do qualified offers.
                        offers.Number(qualificationRng.Next(6, 25))
                            .Number(1000 * (qualificationLow + qualificationRng.NextInt64(qualificationHigh - qualificationLow + 1)));
                    }
                    else
                    {
                        offers.Text("").Text("");
                    }
                    offers.End();

                    for (int k = 0; k < count; k++)
                    {
                        int input = inputs[k];
                        offerInputs.Id("o-", o + 1, "D7").Id("p-", input + 1, "D6").Number(quantities[k]).End();
                        if (options.ApprovedSourcesPerInput <= 0 || rng.NextDouble() >= RestrictedShare)
                        {
                            continue;
                        }

                        int available = offerStart[input + 1] - offerStart[input];
                        int rows = Math.Min(available, 1 + Extra(rng, sourceExtraMean));
                        for (int s = 0; s < available; s++)
                        {
                            pool[s] = offerStart[input] + s;
                        }

                        for (int s = 0; s < rows; s++)
                        {
                            int j = s + rng.Next(available - s);
                            (pool[s], pool[j]) = (pool[j], pool[s]);
                        }

                        Array.Sort(pool, 0, rows);
                        for (int s = 0; s < rows; s++)
                        {
                            approved.Id("o-", o + 1, "D7").Id("p-", input + 1, "D6").Id("o-", pool[s] + 1, "D7").End();
                        }
                    }
                }

                if (progress is not null && p % progressStep == 0)
                {
                    progress.Report((double)p / partCount);
                }
            }
        }

        progress?.Report(1.0);
        return new GeneratorSummary(options.Organizations, facilityCount, partCount, offers.Rows, offerInputs.Rows, approved.Rows);
    }

    private static int EndItemCount(GeneratorOptions o) => o.EndItems > 0 ? o.EndItems : Math.Clamp(o.Parts / 2000, 1, 50);

    /// <summary>What is wrong with the options, one message per option; empty when they can be generated.</summary>
    public static IReadOnlyList<string> Check(GeneratorOptions o)
    {
        var problems = new List<string>();
        if (o.Organizations < 1)
        {
            problems.Add("--organizations must be at least 1");
        }
        if (o.Tiers is < 2 or > 30)
        {
            problems.Add("--tiers must be between 2 and 30");
        }
        if (o.EndItems < 0)
        {
            problems.Add("--end-items must be 0 (automatic) or more");
        }
        if (o.OffersPerPart < 1.0)
        {
            problems.Add("--offers-per-part must be at least 1");
        }
        if (o.ApprovedSourcesPerInput < 0.0)
        {
            problems.Add("--approved-per-input must be 0 or more");
        }
        if (o.SingleSourceShare is < 0 or > 1)
        {
            problems.Add("--single-source-share must lie in [0, 1]");
        }
        if (o.CycleShare is < 0 or > 1)
        {
            problems.Add("--cycle-share must lie in [0, 1]");
        }
        if (problems.Count == 0 && o.Parts < EndItemCount(o) + o.Tiers - 1)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"--parts must be at least end items + tiers - 1 = {EndItemCount(o) + o.Tiers - 1}"));
        }
        return problems;
    }

    /// <summary>Tier 0 holds the end items; tiers 1..T−1 split the rest with weights 1, 2, 4, … (each tier ≥ 1 part).</summary>
    private static int[] TierSizes(GeneratorOptions o)
    {
        if (Check(o) is { Count: > 0 } problems)
        {
            throw new ArgumentOutOfRangeException(nameof(o), string.Join("; ", problems));
        }
        int endItems = EndItemCount(o);

        var sizes = new int[o.Tiers];
        sizes[0] = endItems;
        int remaining = o.Parts - endItems;
        double totalWeight = Math.Pow(2, o.Tiers - 1) - 1;
        int left = remaining;
        for (int t = 1; t < o.Tiers - 1; t++)
        {
            int share = (int)(remaining * (Math.Pow(2, t - 1) / totalWeight));
            sizes[t] = Math.Clamp(share, 1, left - (o.Tiers - 1 - t));
            left -= sizes[t];
        }

        sizes[^1] = left;
        return sizes;
    }

    private static (int FacilityCount, int[] PrimeFacilities) WriteOrganizations(GeneratorOptions options, string directory, Random rng)
    {
        using var organizations = new CsvFile(Path.Combine(directory, "organizations.csv"), "id,name,country,kind");
        using var facilities = new CsvFile(Path.Combine(directory, "facilities.csv"), "id,organization_id,name,country,region");
        var primeFacilities = new List<int>();
        int totalWeight = GeneratorVocabulary.Countries.Sum(c => c.Weight);
        int facility = 0;
        for (int org = 0; org < options.Organizations; org++)
        {
            // The first organization is always a US prime so that end items have somewhere to be made.
            var country = GeneratorVocabulary.Countries[0];
            if (org > 0)
            {
                int roll = rng.Next(totalWeight);
                int c = 0;
                while (roll >= GeneratorVocabulary.Countries[c].Weight)
                {
                    roll -= GeneratorVocabulary.Countries[c].Weight;
                    c++;
                }

                country = GeneratorVocabulary.Countries[c];
            }

            bool adversary = country.Code is "CN" or "RU";
            bool prime = org == 0 || (!adversary && rng.NextDouble() < 0.08);
            string name = string.Create(CultureInfo.InvariantCulture, $"Synthetic {Pick(rng, GeneratorVocabulary.OrganizationWords)} {org + 1} {country.Suffix}");
            organizations.Id("org-", org + 1, "D6").Text(name).Text(country.Code).Text(prime ? "prime" : "supplier").End();

            double roll2 = rng.NextDouble();
            int count = roll2 < 0.5 ? 1 : roll2 < 0.85 ? 2 : 3;
            for (int k = 0; k < count; k++)
            {
                string region = country.Code switch
                {
                    "US" => Pick(rng, GeneratorVocabulary.UsStates),
                    "JP" => Pick(rng, GeneratorVocabulary.Prefectures),
                    _ => string.Create(CultureInfo.InvariantCulture, $"Region {rng.Next(1, 9)}"),
                };
                string facilityName = string.Create(CultureInfo.InvariantCulture, $"Plant {facility + 1} {region}");
                facilities.Id("fac-", facility + 1, "D6").Id("org-", org + 1, "D6").Text(facilityName).Text(country.Code).Text(region).End();
                if (prime)
                {
                    primeFacilities.Add(facility);
                }

                facility++;
            }
        }

        return (facility, primeFacilities.ToArray());
    }

    /// <summary>
    /// Offers of a part are numbered contiguously, qualified ones first, so the generator needs only the block
    /// start and the qualified count per part to name approved sources later.
    /// </summary>
    private static (int[] OfferStart, byte[] QualifiedCount) PlanOffers(GeneratorOptions o, Random rng)
    {
        double s = o.SingleSourceShare;
        double multiExtra = s >= 1 ? 0 : Math.Max(0, (((QualifiedShare * o.OffersPerPart) - s) / (1 - s)) - 2);
        double qualifiedMean = s + ((1 - s) * (2 + multiExtra));
        double unqualifiedMean = Math.Max(0, o.OffersPerPart - qualifiedMean);

        var start = new int[o.Parts + 1];
        var qualified = new byte[o.Parts];
        long next = 0;
        for (int p = 0; p < o.Parts; p++)
        {
            int q = rng.NextDouble() < s ? 1 : 2 + Extra(rng, multiExtra);
            int u = Extra(rng, unqualifiedMean);
            qualified[p] = (byte)q;
            start[p] = (int)next;
            next += q + u;
            if (next > int.MaxValue - 1)
            {
                throw new ArgumentOutOfRangeException(nameof(o), "The options would make more than 2^31 offers.");
            }
        }

        start[o.Parts] = (int)next;
        return (start, qualified);
    }

    private static void WritePart(CsvFile parts, Random rng, int p, int tier, int lastTier)
    {
        string number = (p + 1).ToString(CultureInfo.InvariantCulture);
        if (tier == 0)
        {
            var kind = Pick(rng, GeneratorVocabulary.EndItemKinds);
            parts.Id("p-", p + 1, "D6").Text(kind.Noun + " " + number).Bool(true).Bool(kind.Weapon).Text(kind.Usml).Text(kind.Eccn).End();
            return;
        }

        var (noun, usml, eccn) = Pick(rng, tier == lastTier ? GeneratorVocabulary.LeafKinds : GeneratorVocabulary.AssemblyKinds);
        if (rng.NextDouble() < 0.2)
        {
            // Some parts are catalogued without a classification.
            (usml, eccn) = ("", "");
        }

        parts.Id("p-", p + 1, "D6").Text(noun + " " + number).Bool(false).Bool(false).Text(usml).Text(eccn).End();
    }

    private static T Pick<T>(Random rng, T[] values) => values[rng.Next(values.Length)];

    private static double Cube(double x) => x * x * x;

    /// <summary>
    /// A heavy-tailed count in 0..<see cref="MaxExtra"/> with the given mean: a Lomax (Pareto II, α = 2) draw, capped,
    /// then rounded up or down at random so that the mean survives the rounding. The scale is raised so that the capped
    /// mean is exactly <paramref name="mean"/> (E[min(Y, c)] = λc / (λ + c)). Only sqrt is used, which IEEE 754 rounds
    /// exactly, so the draws do not depend on the platform's math library.
    /// </summary>
    private static int Extra(Random rng, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        mean = Math.Min(mean, MaxExtra - 1);
        double scale = mean * MaxExtra / (MaxExtra - mean);
        double y = Math.Min(MaxExtra, scale * ((1 / Math.Sqrt(1 - rng.NextDouble())) - 1));
        return (int)Math.Min(MaxExtra, Math.Floor(y + rng.NextDouble()));
    }
}
