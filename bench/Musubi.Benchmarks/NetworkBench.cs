using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Musubi.Engines.Network;

namespace Musubi.Benchmarks;

/// <summary>
/// The supply-network engine's benchmarks (issue #5; bench/network.sh runs them and records the figures):
/// <list type="number">
/// <item><c>network [OFFERS]</c> — a generated layered AND/OR network of OFFERS (1,000,000) offers and about five
/// approved-source edges per offer: <see cref="SupplyNetwork.Build"/>, <see cref="CriticalUnits.Find"/> for an end
/// item at unit levels offer and organization, and <see cref="Disruption.Analyze"/> with one country removed (without
/// the steady-state LP), each timed; the process's peak resident memory.</item>
/// <item><c>network-or [OFFERS] EDGES IDS</c> — the OR-only special case (every offer has one input, or none): the
/// offer → consumer graph written to EDGES as an edge list for bench/network_igraph.py (vertex 0 a virtual root
/// feeding every leaf offer, offer i is vertex i + 1, the item a virtual sink after the offers), and
/// <see cref="CriticalUnits.Find"/> at unit level offer, whose answer (written to IDS) must be the item's dominators.</item>
/// </list>
/// Prints <c>RESULT</c> lines for bench/network.sh.
/// </summary>
internal static class NetworkBench
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Run(int offers, int seed = 5)
    {
        Console.WriteLine(string.Create(Inv, $"GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}; {Environment.ProcessorCount} processors visible"));
        var clock = Stopwatch.StartNew();
        var g = NetworkGenerator.Generate(NetworkGenerator.AndOr(offers), seed);
        var generate = clock.Elapsed;
        Describe(g, generate, seed);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var rssBefore = StatusBytes("VmRSS:");

        var cpu = Cpu();
        clock.Restart();
        var network = SupplyNetwork.Build(g.Organizations, g.Facilities, g.Parts, g.Offers, g.Inputs, g.Sources);
        var build = clock.Elapsed;
        var buildCpu = Cpu() - cpu;
        var edges = network.SourceEdgeCount;
        Console.WriteLine(string.Create(Inv, $"SupplyNetwork.Build: {network.OfferCount:N0} offers, {network.SlotCount:N0} input slots, {edges:N0} approved-source edges (explicit and implied) in {build.TotalSeconds:0.000} s ({buildCpu.TotalSeconds:0.00} s CPU)"));
        Console.WriteLine(string.Create(Inv, $"RESULT build offers={network.OfferCount} slots={network.SlotCount} edges={edges} explicit={g.Sources.Count} build_s={build.TotalSeconds:0.000} build_cpu_s={buildCpu.TotalSeconds:0.00} generate_s={generate.TotalSeconds:0.000} rss_before_gb={rssBefore / 1e9:0.00}"));

        foreach (var kind in new[] { UnitKind.Offer, UnitKind.Organization })
        {
            var name = UnitRef.KindName(kind);
            TimeSpan first = default;
            TimeSpan firstCpu = default;
            CriticalResult? result = null;
            for (var round = 0; round < 2; round++)
            {
                cpu = Cpu();
                clock.Restart();
                result = CriticalUnits.Find(network, g.Item, kind);
                var elapsed = clock.Elapsed;
                var used = Cpu() - cpu;
                if (round == 0)
                {
                    first = elapsed;
                    firstCpu = used;
                    Console.WriteLine(string.Create(Inv, $"CriticalUnits.Find({g.Item}, {name}): {elapsed.TotalSeconds:0.000} s ({used.TotalSeconds:0.00} s CPU), first call"));
                }
                else
                {
                    Console.WriteLine(string.Create(Inv, $"CriticalUnits.Find({g.Item}, {name}): {elapsed.TotalSeconds:0.000} s ({used.TotalSeconds:0.00} s CPU), second call"));
                    Console.WriteLine(string.Create(Inv, $"RESULT find_{name} find_s={first.TotalSeconds:0.000} find_cpu_s={firstCpu.TotalSeconds:0.000} warm_s={elapsed.TotalSeconds:0.000} whole_s={(build + first).TotalSeconds:0.000} critical={result!.Critical.Count} upstream={result.Stats.UpstreamOffers} producible={result.Producible}"));
                }
            }
            Console.WriteLine(string.Create(Inv, $"  producible {result!.Producible}; {result.Stats.UpstreamOffers:N0} producing offers upstream of the item; {result.Critical.Count} critical {name}(s):"));
            foreach (var c in result.Critical.Take(8))
            {
                Console.WriteLine(string.Create(Inv, $"    {c.Unit} ({c.Name}, {c.Country}), {c.CapacityPerMonth:N0}/month upstream; why: {string.Join(" → ", c.Why.Select(w => w.PartId))}"));
            }
            Profile(network, g.Item, kind, first);
            var planted = g.Planted[kind];
            var found = result.Critical.Select(c => c.Unit).ToHashSet(StringComparer.Ordinal);
            Console.WriteLine($"  planted single points of failure found: {planted.Count(found.Contains)} of {planted.Count} ({string.Join(", ", planted)})");
        }

        // Disruption: one country lost, every end item; the steady-state LP (maxOutput) is not part of this figure.
        var removed = new[] { new UnitRef(UnitKind.Country, g.DisruptedCountry) };
        for (var round = 0; round < 2; round++)
        {
            cpu = Cpu();
            clock.Restart();
            var d = Disruption.Analyze(network, removed, null, maxOutput: null);
            var elapsed = clock.Elapsed;
            var used = Cpu() - cpu;
            Console.WriteLine(string.Create(Inv, $"Disruption.Analyze(remove country:{g.DisruptedCountry}, every end item, no LP): {elapsed.TotalSeconds:0.000} s ({used.TotalSeconds:0.00} s CPU), {(round == 0 ? "first" : "second")} call; {d.OffersRemoved:N0} offers removed, {d.Items.Count(i => i.ProducibleBefore && !i.ProducibleAfter)} of {d.Items.Count} end items stop, {d.Parts.Count:N0} parts lose capacity"));
            if (round == 0)
            {
                foreach (var i in d.Items.Where(i => i.ProducibleBefore && !i.ProducibleAfter).Take(3))
                {
                    Console.WriteLine(string.Create(Inv, $"  {i.PartId} stops; recovery {(i.RecoveryMonths is { } m ? $"{m} months by qualifying {string.Join(", ", i.Qualify.Take(5))}{(i.Qualify.Count > 5 ? ", …" : "")}" : "none by qualification")}"));
                }
                Console.WriteLine(string.Create(Inv, $"RESULT disrupt removed=country:{g.DisruptedCountry} disrupt_s={elapsed.TotalSeconds:0.000} disrupt_cpu_s={used.TotalSeconds:0.000} offers_removed={d.OffersRemoved} items={d.Items.Count} stopped={d.Items.Count(i => i.ProducibleBefore && !i.ProducibleAfter)} parts={d.Parts.Count}"));
            }
        }
        Console.WriteLine(string.Create(Inv, $"RESULT memory peak_rss_gb={StatusBytes("VmHWM:") / 1e9:0.00}"));
        GC.KeepAlive(g);
        return 0;
    }

    public static int RunOrOnly(int offers, string edgesPath, string idsPath, int seed = 7)
    {
        var clock = Stopwatch.StartNew();
        var g = NetworkGenerator.Generate(NetworkGenerator.OrOnly(offers), seed);
        var generate = clock.Elapsed;
        Describe(g, generate, seed);
        clock.Restart();
        var vertices = WriteEdgeList(g, edgesPath, out var edgeLines);
        Console.WriteLine(string.Create(Inv, $"wrote the offer → consumer graph for igraph: {vertices:N0} vertices, {edgeLines:N0} edges in {clock.Elapsed.TotalSeconds:0.0} s (not timed)"));
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);

        clock.Restart();
        var network = SupplyNetwork.Build(g.Organizations, g.Facilities, g.Parts, g.Offers, g.Inputs, g.Sources);
        var build = clock.Elapsed;
        Console.WriteLine(string.Create(Inv, $"SupplyNetwork.Build: {network.OfferCount:N0} offers, {network.SlotCount:N0} input slots (one per non-leaf offer), {network.SourceEdgeCount:N0} approved-source edges in {build.TotalSeconds:0.000} s"));
        TimeSpan first = default;
        TimeSpan firstCpu = default;
        CriticalResult? result = null;
        for (var round = 0; round < 2; round++)
        {
            var cpu = Cpu();
            clock.Restart();
            result = CriticalUnits.Find(network, g.Item, UnitKind.Offer);
            var elapsed = clock.Elapsed;
            Console.WriteLine(string.Create(Inv, $"CriticalUnits.Find({g.Item}, offer): {elapsed.TotalSeconds:0.000} s ({(Cpu() - cpu).TotalSeconds:0.00} s CPU), {(round == 0 ? "first" : "second")} call; {result.Stats.UpstreamOffers:N0} producing offers upstream; {result.Critical.Count} critical offers"));
            if (round == 0)
            {
                first = elapsed;
                firstCpu = Cpu() - cpu;
            }
            else
            {
                Console.WriteLine(string.Create(Inv, $"RESULT or_musubi find_cpu_s={firstCpu.TotalSeconds:0.000} offers={network.OfferCount} edges={network.SourceEdgeCount} build_s={build.TotalSeconds:0.000} find_s={first.TotalSeconds:0.000} warm_s={elapsed.TotalSeconds:0.000} critical={result.Critical.Count} upstream={result.Stats.UpstreamOffers} peak_rss_gb={StatusBytes("VmHWM:") / 1e9:0.00}"));
            }
        }
        Profile(network, g.Item, UnitKind.Offer, first);
        File.WriteAllLines(idsPath, result!.Critical.Select(c => c.Unit["offer:".Length..]).Order(StringComparer.Ordinal));
        var planted = g.Planted[UnitKind.Offer];
        Console.WriteLine($"  planted dominators found: {planted.Count(p => result.Critical.Any(c => c.Unit == p))} of {planted.Count} ({string.Join(", ", planted)})");
        return 0;
    }

    /// <summary>
    /// The OR-only network as a flow graph: vertex 0 the root (an edge to every qualified offer without inputs),
    /// vertex i + 1 offer i (an edge from each producing-eligible source to its consumer), vertex N + 1 the item (an
    /// edge from each of its qualified offers). The item's strict dominators other than the root are its critical offers.
    /// </summary>
    private static int WriteEdgeList(GeneratedNetwork g, string path, out long lines)
    {
        var n = g.Offers.Count;
        var offerIndex = new Dictionary<string, int>(n, StringComparer.Ordinal);
        for (var i = 0; i < n; i++)
        {
            offerIndex[g.Offers[i].Id] = i;
        }
        var hasInput = new bool[n];
        var explicitSlot = new HashSet<int>();
        foreach (var s in g.Sources)
        {
            explicitSlot.Add(offerIndex[s.OfferId]);
        }
        var qualifiedOfPart = g.Offers.Select((o, i) => (o, i)).Where(t => t.o.Qualified).ToLookup(t => t.o.PartId, t => t.i);
        lines = 0;
        using var w = new StreamWriter(path, false, new System.Text.UTF8Encoding(false), 1 << 20);
        foreach (var input in g.Inputs)
        {
            var consumer = offerIndex[input.OfferId];
            hasInput[consumer] = true;
            if (!explicitSlot.Contains(consumer))
            {
                foreach (var src in qualifiedOfPart[input.PartId])
                {
                    w.Write(string.Create(Inv, $"{src + 1} {consumer + 1}\n"));
                    lines++;
                }
            }
        }
        foreach (var s in g.Sources)
        {
            if (g.Offers[offerIndex[s.SourceOfferId]].Qualified)
            {
                w.Write(string.Create(Inv, $"{offerIndex[s.SourceOfferId] + 1} {offerIndex[s.OfferId] + 1}\n"));
                lines++;
            }
        }
        for (var i = 0; i < n; i++)
        {
            if (!hasInput[i] && g.Offers[i].Qualified)
            {
                w.Write(string.Create(Inv, $"0 {i + 1}\n"));
                lines++;
            }
            if (g.Offers[i].PartId == g.Item && g.Offers[i].Qualified)
            {
                w.Write(string.Create(Inv, $"{i + 1} {n + 1}\n"));
                lines++;
            }
        }
        return n + 2;
    }

    /// <summary>
    /// Where Find's time goes: its steps re-run one by one, as the engine runs them (the unit table of every offer, the
    /// whole network's feasibility, the item's bill-of-materials cycles, the upstream walk with its per-slot lists, the
    /// components of the upstream offer graph through enumerators); the rest is the set computation and the explanations.
    /// </summary>
    private static void Profile(SupplyNetwork network, string itemId, UnitKind kind, TimeSpan find)
    {
        var item = network.PartIndex(itemId);
        var clock = Stopwatch.StartNew();
        _ = network.Units(kind);
        var units = clock.Elapsed;
        clock.Restart();
        var feasible = Feasibility.Compute(network);
        var feasibility = clock.Elapsed;
        clock.Restart();
        _ = CriticalUnits.Cycles(network, item);
        var cycles = clock.Elapsed;
        clock.Restart();
        var upstream = Feasibility.Upstream(network, feasible, item);
        var walk = clock.Elapsed;
        var rest = find - units - feasibility - cycles - walk;
        Console.WriteLine(string.Create(Inv, $"  where the time goes (steps re-run separately, warm): unit table of all offers {units.TotalSeconds:0.000} s, feasibility of the whole network {feasibility.TotalSeconds:0.000} s, BOM cycles {cycles.TotalSeconds:0.000} s, upstream walk over {upstream.Count:N0} offers {walk.TotalSeconds:0.000} s; the upstream graph, its components, the sets, capacities and explanations (the rest of the first call) ≈ {rest.TotalSeconds:0.000} s"));
        Console.WriteLine(string.Create(Inv, $"RESULT profile_{UnitRef.KindName(kind)} units_s={units.TotalSeconds:0.000} feasibility_s={feasibility.TotalSeconds:0.000} cycles_s={cycles.TotalSeconds:0.000} upstream_s={walk.TotalSeconds:0.000} rest_s={rest.TotalSeconds:0.000}"));
    }

    private static void Describe(GeneratedNetwork g, TimeSpan generate, int seed)
    {
        var countries = g.Facilities.Select(f => f.Country).Distinct().Count();
        var regions = g.Facilities.Select(SupplyNetwork.RegionKey).Distinct().Count();
        var unqualified = g.Offers.Count(o => !o.Qualified);
        Console.WriteLine(string.Create(Inv, $"generated in {generate.TotalSeconds:0.0} s (seed {seed}, not timed): {g.Offers.Count:N0} offers ({unqualified:N0} unqualified) of {g.Parts.Count:N0} parts in {g.Tiers} tiers below {g.Parts.Count(p => p.EndItem)} end items; {g.Inputs.Count:N0} inputs; {g.Sources.Count:N0} approved-source rows; {g.Organizations.Count:N0} organizations, {g.Facilities.Count:N0} facilities in {countries} countries and {regions} regions; item {g.Item}"));
    }

    private static TimeSpan Cpu()
    {
        using var p = Process.GetCurrentProcess();
        return p.TotalProcessorTime;
    }

    private static long StatusBytes(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], Inv) * 1024;
            }
        }
        return 0;
    }
}
