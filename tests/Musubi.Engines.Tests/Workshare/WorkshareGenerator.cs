using System.Globalization;
using Musubi.Engines.Optimization.Workshare;

namespace Musubi.Engines.Tests.Workshare;

/// <summary>
/// A seeded, plausible co-development program for the independent-solver check (tests) and the benchmark
/// (bench/Musubi.Benchmarks compiles this same file). Capabilities come from a taxonomy-like set: 8 domains of 5 leaf
/// codes each (<c>SENS.L3</c> under <c>SENS</c>). Each company works in 1–2 domains and holds 3–5 leaves of each, so a
/// package asking one leaf has about 5–15 capable companies of 60 (asking two leaves of a domain, fewer; asking a broad
/// domain code, more). Funding shares decrease with the nation's rank (4 nations: 0.4/0.3/0.2/0.1), tolerance 0.05;
/// companies per nation in proportion to its share (at least two), each with capacity ≈ 1.5 × its fair share of its
/// nation's funded work (× 0.7–1.3; at least 1.5 × 0.75 × the largest package it can do), cost factor 0.85–1.25. Package costs log-uniform $5M–$200M; subsystems of about 8
/// packages sharing a main domain; about 2 interfaces per package, 80% within its subsystem, weights 1–5; one package
/// in ten releasable to the lead nation only and one in twenty to the two largest partners; one in fifty fixed to a
/// company that can take it (with room for it beside the packages already fixed to it). A package with fewer than two
/// covering companies gets more (a leaf added to a company working in its domain, in a nation it is releasable to) until
/// it has two, where the releasable nations have two companies at all.
/// </summary>
internal static class WorkshareGenerator
{
    private static readonly string[] Codes = ["US", "JP", "GB", "IT", "DE", "AU", "FR", "KR"];

    private static readonly string[] Domains = ["SENS", "PROP", "STRU", "ELEC", "SOFT", "GNC", "WARH", "TEST"];

    private const int Leaves = 5;

    /// <summary>The capability taxonomy: each domain a root, each leaf under its domain.</summary>
    public static IReadOnlyDictionary<string, string?> Taxonomy()
    {
        var t = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var d in Domains)
        {
            t[d] = null;
            for (var i = 1; i <= Leaves; i++)
            {
                t[Leaf(d, i)] = d;
            }
        }
        return t;
    }

    private static string Leaf(string domain, int i) => string.Create(CultureInfo.InvariantCulture, $"{domain}.L{i}");

    /// <param name="capacityFactor">Capacity relative to a company's fair share (1.5 plausible; below 1 the program cannot be staffed).</param>
    public static WorkshareProblem Make(int seed, int packages, int companies, int nations, double capacityFactor = 1.5, WorksharePolicy policy = WorksharePolicy.Program)
    {
        var rng = new Random(seed);
        var codes = Codes.Take(nations).ToArray();
        var weight = Enumerable.Range(0, nations).Select(i => (double)(nations - i)).ToArray();
        var shares = weight.Select(w => w / weight.Sum()).ToArray();

        // Packages: subsystems of about 8 sharing a main domain.
        var wps = new List<WorkshareWorkPackage>();
        var subsystems = Math.Max(1, packages / 8);
        var subsystemDomain = Enumerable.Range(0, subsystems).Select(_ => rng.Next(Domains.Length)).ToArray();
        var subsystemOf = new int[packages];
        for (var w = 0; w < packages; w++)
        {
            var s = rng.Next(subsystems);
            subsystemOf[w] = s;
            var domain = Domains[rng.NextDouble() < 0.75 ? subsystemDomain[s] : rng.Next(Domains.Length)];
            var roll = rng.NextDouble();
            string[] capabilities = roll < 0.1
                ? [domain]
                : roll < 0.8
                    ? [Leaf(domain, 1 + rng.Next(Leaves))]
                    : [.. new[] { Leaf(domain, 1 + rng.Next(Leaves)), Leaf(domain, 1 + rng.Next(Leaves)) }.Distinct(StringComparer.Ordinal)];
            var cost = Math.Round(Math.Exp(Math.Log(5e6) + (rng.NextDouble() * (Math.Log(2e8) - Math.Log(5e6)))) / 1e4) * 1e4;
            var release = rng.NextDouble();
            string[]? releasable = nations > 1 && release < 0.1 ? [codes[0]] : nations > 2 && release < 0.15 ? [codes[0], codes[1]] : null;
            wps.Add(new(string.Create(CultureInfo.InvariantCulture, $"wp-{w}"), string.Create(CultureInfo.InvariantCulture, $"Package {w}"), cost, capabilities,
                string.Create(CultureInfo.InvariantCulture, $"ss-{s}"), releasable));
        }
        var total = wps.Sum(w => w.Cost);

        // Companies: per nation in proportion to its share, at least two each.
        var perNation = shares.Select(s => Math.Max(2, (int)Math.Round(s * companies))).ToArray();
        while (perNation.Sum() > companies && perNation.Max() > 2)
        {
            perNation[Array.IndexOf(perNation, perNation.Max())]--;
        }
        while (perNation.Sum() < companies)
        {
            perNation[0]++;
        }
        var cos = new List<(string Id, string Nation, HashSet<string> Capabilities, double Fair, double Factor, double Past)>();
        for (var n = 0; n < nations; n++)
        {
            var fair = shares[n] * total / perNation[n];
            for (var i = 0; i < perNation[n]; i++)
            {
                var held = new HashSet<string>(StringComparer.Ordinal);
                var domainCount = rng.NextDouble() < 0.5 ? 1 : 2;
                foreach (var d in Enumerable.Range(0, Domains.Length).OrderBy(_ => rng.Next()).Take(domainCount))
                {
                    foreach (var leaf in Enumerable.Range(1, Leaves).OrderBy(_ => rng.Next()).Take(3 + rng.Next(3)))
                    {
                        held.Add(Leaf(Domains[d], leaf));
                    }
                }
                var capacity = fair * (0.7 + (0.6 * rng.NextDouble()));
                cos.Add((string.Create(CultureInfo.InvariantCulture, $"co-{codes[n]}-{i}"), codes[n], held, capacity, Math.Round(0.85 + (0.4 * rng.NextDouble()), 3), Math.Round(0.6 + (0.4 * rng.NextDouble()), 2)));
            }
        }

        // Every package gets at least one covering company in a nation it may go to.
        var taxonomy = Taxonomy();
        for (var w = 0; w < wps.Count; w++)
        {
            var wp = wps[w];
            bool Can((string Id, string Nation, HashSet<string> Capabilities, double, double, double) c) =>
                (wp.ReleasableTo is null || wp.ReleasableTo.Contains(c.Nation)) && wp.Capabilities.All(a => c.Capabilities.Any(h => WorkshareSetupCovers(h, a, taxonomy)));
            var able = cos.Count(Can);
            var options = cos.Where(c => !Can(c) && (wp.ReleasableTo is null || wp.ReleasableTo.Contains(c.Nation))).ToList();
            var domain = wp.Capabilities[0].Split('.')[0];
            while (able < 2 && options.Count > 0)
            {
                var pick = options.Where(c => c.Capabilities.Any(h => h.StartsWith(domain + ".", StringComparison.Ordinal))).DefaultIfEmpty(options[rng.Next(options.Count)]).First();
                foreach (var a in wp.Capabilities)
                {
                    pick.Capabilities.Add(a.Contains('.', StringComparison.Ordinal) ? a : Leaf(a, 1));
                }
                options.Remove(pick);
                able++;
            }
        }

        // Capacity: capacityFactor × the fair share (× 0.7–1.3), and never below capacityFactor × 0.75 × the largest package
        // the company can do (a company able to build a $200M package is not a $70M company).
        double Capacity((string Id, string Nation, HashSet<string> Capabilities, double Fair, double Factor, double Past) c)
        {
            var largest = wps.Where(wp => (wp.ReleasableTo is null || wp.ReleasableTo.Contains(c.Nation)) && wp.Capabilities.All(a => c.Capabilities.Any(h => WorkshareSetupCovers(h, a, taxonomy))))
                .Select(wp => wp.Cost).DefaultIfEmpty(0).Max();
            return Math.Round(capacityFactor * Math.Max(c.Fair, 0.75 * largest) / 1e4) * 1e4;
        }
        var companyList = cos.Select(c => new WorkshareCompany(c.Id, c.Id.ToUpperInvariant(), c.Nation, [.. c.Capabilities.Order(StringComparer.Ordinal)], Capacity(c), c.Factor, c.Past)).ToList();

        // One package in fifty fixed to a company that can take it.
        for (var w = 0; w < wps.Count; w++)
        {
            if (rng.NextDouble() >= 0.02)
            {
                continue;
            }
            var wp = wps[w];
            // Only to a company with room left for it beside the packages already fixed to it.
            var able = companyList.Where(c => (wp.ReleasableTo is null || wp.ReleasableTo.Contains(c.Nation))
                && wp.Capabilities.All(a => c.Capabilities.Any(h => WorkshareSetupCovers(h, a, taxonomy)))
                && wps.Where(o => o.FixedCompany == c.Id).Sum(o => o.Cost) + wp.Cost <= c.Capacity).ToList();
            var draw = rng.Next(Math.Max(1, able.Count));
            if (able.Count > 0)
            {
                wps[w] = wp with { FixedCompany = able[draw].Id };
            }
        }

        // About two interfaces per package, 80% within its subsystem.
        var interfaces = new List<WorkshareInterface>();
        var members = Enumerable.Range(0, subsystems).Select(s => Enumerable.Range(0, packages).Where(w => subsystemOf[w] == s).ToArray()).ToArray();
        for (var w = 0; w < packages; w++)
        {
            for (var i = 0; i < 2; i++)
            {
                var same = members[subsystemOf[w]];
                var other = rng.NextDouble() < 0.8 && same.Length > 1 ? same[rng.Next(same.Length)] : rng.Next(packages);
                if (other != w)
                {
                    interfaces.Add(new(wps[w].Id, wps[other].Id, 1 + rng.Next(5)));
                }
            }
        }

        List<WorkshareHistory>? history = null;
        if (policy == WorksharePolicy.Global)
        {
            // An earlier program of half this size, funded by the shares and worked mostly by the lead nation.
            history = [.. codes.Select((c, n) => new WorkshareHistory(c, n == 0 ? 0.7 * total / 2 : 0.3 * total / 2 / Math.Max(1, nations - 1), shares[n] * total / 2, "earlier", 2020))];
        }

        return new WorkshareProblem(
            string.Create(CultureInfo.InvariantCulture, $"generated-{seed}"),
            [.. codes.Select((c, n) => new WorkshareNation(c, shares[n]))],
            0.05,
            wps,
            companyList,
            interfaces,
            policy,
            history,
            taxonomy);
    }

    private static bool WorkshareSetupCovers(string held, string asked, IReadOnlyDictionary<string, string?> taxonomy) =>
        string.Equals(held, asked, StringComparison.Ordinal) || (taxonomy.TryGetValue(held, out var parent) && string.Equals(parent, asked, StringComparison.Ordinal));
}
