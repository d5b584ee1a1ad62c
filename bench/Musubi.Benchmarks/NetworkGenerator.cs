using System.Globalization;
using Musubi.Engines.Network;

namespace Musubi.Benchmarks;

/// <summary>A generated network's records, the item to ask about, and the single points of failure planted for it.</summary>
internal sealed record GeneratedNetwork(
    List<NetworkOrganization> Organizations,
    List<NetworkFacility> Facilities,
    List<NetworkPart> Parts,
    List<NetworkOffer> Offers,
    List<NetworkInput> Inputs,
    List<NetworkSource> Sources,
    int Tiers,
    string Item,
    string DisruptedCountry,
    Dictionary<UnitKind, List<string>> Planted);

/// <summary>How a generated network is shaped.</summary>
internal sealed record NetworkShape(
    int Offers,
    bool OrOnly,
    double OffersPerPart,
    int MinInputs,
    int MaxInputs,
    int MaxSubset,
    double DefaultShare,
    double UnqualifiedShare,
    double[] TierShares,
    int EndItems);

/// <summary>
/// Deterministic (seeded) layered supply networks: end items at tier 0, parts in six tiers below (tier 6 raw materials
/// without inputs), several offers per part at facilities of organizations in weighted countries and their regions.
/// An offer's inputs are parts of the next tier (sometimes the one after), each with explicit approved-source rows (a
/// random subset of the input part's offers) or, for a share of inputs, none (every offer of the part may supply).
/// Some offers are unqualified (with qualification months). Single points of failure are planted below the first end
/// item so that the answers are not empty. The first end item's upstream spans most of the network.
/// </summary>
internal static class NetworkGenerator
{
    private static readonly (string Code, int Weight, string[] Regions)[] Countries =
    [
        ("US", 28, ["CA", "TX", "AZ", "WA", "FL", "AL", "CO", "MA", "CT", "OH", "VA", "GA", "KS", "MO", "PA", "NY", "UT", "MI", "IL", "MN"]),
        ("JP", 22, ["JP-13", "JP-23", "JP-27", "JP-14", "JP-40", "JP-28", "JP-22", "JP-11", "JP-12", "JP-34", "JP-08", "JP-26"]),
        ("KR", 6, ["KR-11", "KR-26", "KR-41", "KR-48", "KR-47"]),
        ("TW", 5, ["TW-TPE", "TW-HSZ", "TW-TXG", "TW-KHH"]),
        ("DE", 6, ["DE-BY", "DE-BW", "DE-NW", "DE-HH", "DE-NI"]),
        ("FR", 4, ["FR-IDF", "FR-OCC", "FR-NAQ", "FR-PAC"]),
        ("GB", 5, ["GB-ENG", "GB-SCT", "GB-WLS"]),
        ("IT", 3, ["IT-25", "IT-21", "IT-62"]),
        ("CA", 3, ["CA-ON", "CA-QC", "CA-BC"]),
        ("AU", 2, ["AU-NSW", "AU-VIC", "AU-SA"]),
        ("IL", 2, ["IL-HA", "IL-TA"]),
        ("SE", 1, ["SE-AB", "SE-E"]),
        ("NO", 1, ["NO-03", "NO-46"]),
        ("ES", 1, ["ES-MD", "ES-CT"]),
        ("NL", 1, ["NL-NH", "NL-NB"]),
        ("PL", 1, ["PL-MZ", "PL-PK"]),
        ("IN", 2, ["IN-KA", "IN-TG", "IN-MH"]),
        ("SG", 1, ["SG-01"]),
        ("MY", 1, ["MY-07", "MY-10"]),
        ("TH", 1, ["TH-10", "TH-20"]),
        ("VN", 1, ["VN-SG", "VN-HN"]),
        ("MX", 1, ["MX-CHH", "MX-BCN"]),
        ("CN", 3, ["CN-GD", "CN-JS", "CN-SH", "CN-BJ", "CN-SN"]),
        ("PH", 1, ["PH-00"]),
        ("FI", 1, ["FI-18"]),
        ("CH", 1, ["CH-ZH", "CH-BE"]),
    ];

    /// <summary>The AND/OR shape: about 8 offers per part, 1–4 inputs per offer, about five approved-source edges per offer.</summary>
    public static NetworkShape AndOr(int offers) =>
        new(offers, false, 8, 1, 4, 8, 0.10, 0.08, [0.001, 0.008, 0.04, 0.12, 0.30, 0.531], 20);

    /// <summary>The OR-only shape: one input per offer (none in the last tier), all qualified, about 16 offers per part.</summary>
    public static NetworkShape OrOnly(int offers) =>
        new(offers, true, 16, 1, 1, 24, 0.10, 0.0, [0.0005, 0.01, 0.04, 0.15, 0.30, 0.4995], 20);

    public static GeneratedNetwork Generate(NetworkShape shape, int seed)
    {
        var rng = new Random(seed);
        var inv = CultureInfo.InvariantCulture;
        var n = shape.Offers;
        var tiers = shape.TierShares.Length;

        // Organizations and facilities, by country weight.
        var totalWeight = Countries.Sum(c => c.Weight);
        (string Code, int Weight, string[] Regions) PickCountry()
        {
            var x = rng.Next(totalWeight);
            foreach (var c in Countries)
            {
                if ((x -= c.Weight) < 0)
                {
                    return c;
                }
            }
            return Countries[0];
        }
        var orgs = new List<NetworkOrganization>();
        var facs = new List<NetworkFacility>();
        var orgCount = Math.Max(20, n / 50);
        for (var i = 0; i < orgCount; i++)
        {
            var c = PickCountry();
            var org = new NetworkOrganization(string.Create(inv, $"ORG{i:D6}"), string.Create(inv, $"Org {i} {c.Code}"), c.Code);
            orgs.Add(org);
            var sites = 1 + rng.Next(3);
            for (var k = 0; k < sites; k++)
            {
                var fc = rng.NextDouble() < 0.9 ? c : PickCountry();
                facs.Add(new NetworkFacility(string.Create(inv, $"FAC{facs.Count:D7}"), org.Id, string.Create(inv, $"{org.Name} site {k + 1}"), fc.Code, fc.Regions[rng.Next(fc.Regions.Length)]));
            }
        }
        NetworkFacility NewFacility(string orgId, string name, string country, string region)
        {
            var f = new NetworkFacility(string.Create(inv, $"FAC{facs.Count:D7}"), orgId, name, country, region);
            facs.Add(f);
            return f;
        }
        NetworkOrganization NewOrg(string name, string country)
        {
            var o = new NetworkOrganization(string.Create(inv, $"ORG{orgs.Count:D6}"), name, country);
            orgs.Add(o);
            return o;
        }
        var randomFacilities = facs.Count;

        // Parts: end items, then tiers 1..6; planted parts after them.
        var parts = new List<NetworkPart>();
        var tierParts = new List<List<int>>();
        tierParts.Add([]);
        for (var e = 0; e < shape.EndItems; e++)
        {
            tierParts[0].Add(parts.Count);
            parts.Add(new NetworkPart(string.Create(inv, $"E-{e:D3}"), string.Create(inv, $"End item {e}"), true));
        }
        var partCount = Math.Max(tiers * 4, (int)(n / shape.OffersPerPart));
        for (var t = 1; t <= tiers; t++)
        {
            var count = Math.Max(2, (int)(partCount * shape.TierShares[t - 1]));
            var list = new List<int>(count);
            for (var k = 0; k < count; k++)
            {
                list.Add(parts.Count);
                parts.Add(new NetworkPart(string.Create(inv, $"P{t}-{k:D6}"), string.Create(inv, $"Tier {t} part {k}"), false));
            }
            tierParts.Add(list);
        }
        var tierOf = new int[parts.Count];
        for (var t = 0; t <= tiers; t++)
        {
            foreach (var p in tierParts[t])
            {
                tierOf[p] = t;
            }
        }

        // Offers per part: end items 3–5, every other part at least one, the rest spread at random; the planted parts'
        // offers are made below.
        var offerParts = new List<int>(n);
        foreach (var p in tierParts[0])
        {
            var k = shape.OrOnly || parts[p].Id == "E-000" ? 5 : 3 + rng.Next(3);
            for (var i = 0; i < k; i++)
            {
                offerParts.Add(p);
            }
        }
        var planted = shape.OrOnly ? 3 + 2 + 1 + Math.Max(20, n / 500) : 2 + 2 + 3 + 4;
        var regular = parts.Count - shape.EndItems;
        for (var p = shape.EndItems; p < parts.Count; p++)
        {
            offerParts.Add(p);
        }
        while (offerParts.Count < n - planted)
        {
            offerParts.Add(shape.EndItems + rng.Next(regular));
        }
        offerParts.Sort();

        var offers = new List<NetworkOffer>(n);
        var offerTier = new List<int>(n);
        var partOffers = new List<int>[parts.Count];
        for (var p = 0; p < parts.Count; p++)
        {
            partOffers[p] = [];
        }
        int AddOffer(int part, NetworkFacility facility, bool qualified)
        {
            var id = offers.Count;
            offers.Add(new NetworkOffer(
                string.Create(inv, $"{(shape.OrOnly ? "O" : "OF")}{id}"),
                parts[part].Id,
                facility.Id,
                10 + rng.Next(990),
                7 + rng.Next(174),
                qualified,
                qualified ? null : rng.NextDouble() < 0.7 ? 3 + rng.Next(16) : null));
            offerTier.Add(tierOf.Length > part ? tierOf[part] : 0);
            partOffers[part].Add(id);
            return id;
        }
        foreach (var p in offerParts)
        {
            AddOffer(p, facs[rng.Next(randomFacilities)], rng.NextDouble() >= shape.UnqualifiedShare);
        }

        var inputs = new List<NetworkInput>((int)(n * 2.5));
        var sources = new List<NetworkSource>(n * 5);
        var scratch = new List<int>();
        void AddInput(int offer, int inputPart, bool? explicitRows = null, IReadOnlyList<int>? only = null)
        {
            var o = offers[offer];
            inputs.Add(new NetworkInput(o.Id, parts[inputPart].Id, 1 + rng.Next(4)));
            if (only is not null)
            {
                foreach (var s in only)
                {
                    sources.Add(new NetworkSource(o.Id, parts[inputPart].Id, offers[s].Id));
                }
                return;
            }
            if (!(explicitRows ?? rng.NextDouble() >= shape.DefaultShare))
            {
                return;
            }
            var candidates = partOffers[inputPart];
            var k = 1 + rng.Next(Math.Min(candidates.Count, shape.MaxSubset));
            scratch.Clear();
            scratch.AddRange(candidates);
            for (var i = 0; i < k; i++)
            {
                var j = i + rng.Next(scratch.Count - i);
                (scratch[i], scratch[j]) = (scratch[j], scratch[i]);
                sources.Add(new NetworkSource(o.Id, parts[inputPart].Id, offers[scratch[i]].Id));
            }
        }
        int RandomPart(int tier) => tierParts[tier][rng.Next(tierParts[tier].Count)];
        int NextTierPart(int tier) => tier + 2 <= tiers && rng.NextDouble() < 0.15 ? RandomPart(tier + 2) : RandomPart(tier + 1);

        // Planted single points of failure below end item 0.
        var plantedUnits = new Dictionary<UnitKind, List<string>> { [UnitKind.Offer] = [], [UnitKind.Organization] = [], [UnitKind.Country] = [] };
        var item = 0;
        var itemOffers = partOffers[item].ToList();
        var plantedInputs = new HashSet<int>(); // offers whose inputs are set here
        NetworkPart NewPart(string id, string name, int tier)
        {
            var part = new NetworkPart(id, name, false);
            parts.Add(part);
            Array.Resize(ref partOffers, parts.Count);
            partOffers[^1] = [];
            Array.Resize(ref tierOf, parts.Count);
            tierOf[^1] = tier;
            return part;
        }
        if (!shape.OrOnly)
        {
            // E-000 ← S1 (2 offers) ← S2 (one qualified offer, at org Z in JP-23; one unqualified) ← S3 (3 offers, all
            // at org W) ← S4 (4 offers, 4 organizations, all in TW): critical offer S2's, organizations Z and W,
            // countries JP, US and TW.
            NewPart("SPOF-S1", "Planted tier 1 assembly", 1);
            NewPart("SPOF-S2", "Planted tier 2 subassembly (one qualified source)", 2);
            NewPart("SPOF-S3", "Planted tier 3 component (one organization)", 3);
            NewPart("SPOF-S4", "Planted tier 4 material (one country)", 4);
            var s1 = parts.Count - 4;
            var z = NewOrg("Planted Aichi Precision", "JP");
            var zf = NewFacility(z.Id, "Planted Aichi Precision Toyota plant", "JP", "JP-23");
            var w = NewOrg("Planted Arizona Components", "US");
            var wf = new[] { NewFacility(w.Id, "Planted Arizona Components Tempe", "US", "AZ"), NewFacility(w.Id, "Planted Arizona Components Dallas", "US", "TX"), NewFacility(w.Id, "Planted Arizona Components Huntsville", "US", "AL") };
            var tw = Enumerable.Range(0, 4).Select(i => NewFacility(NewOrg(string.Create(inv, $"Planted Hsinchu Materials {i}"), "TW").Id, string.Create(inv, $"Planted Hsinchu Materials {i} fab"), "TW", "TW-HSZ")).ToArray();
            var o1 = new[] { AddOffer(s1, facs[rng.Next(randomFacilities)], true), AddOffer(s1, facs[rng.Next(randomFacilities)], true) };
            var o2 = AddOffer(s1 + 1, zf, true);
            var o2u = AddOffer(s1 + 1, facs[rng.Next(randomFacilities)], false);
            var o3 = wf.Select(f => AddOffer(s1 + 2, f, true)).ToArray();
            var o4 = tw.Select(f => AddOffer(s1 + 3, f, true)).ToArray();
            foreach (var o in itemOffers)
            {
                AddInput(o, s1, explicitRows: false);
                var extra = 3;
                for (var k = 0; k < extra; k++)
                {
                    AddInput(o, RandomPartDistinct(o, 0));
                }
                plantedInputs.Add(o);
            }
            foreach (var o in o1)
            {
                AddInput(o, s1 + 1, explicitRows: false);
                AddInput(o, RandomPart(2));
                plantedInputs.Add(o);
            }
            foreach (var o in new[] { o2, o2u })
            {
                AddInput(o, s1 + 2, only: o3);
                AddInput(o, RandomPart(3));
                plantedInputs.Add(o);
            }
            foreach (var o in o3)
            {
                AddInput(o, s1 + 3, explicitRows: false);
                AddInput(o, RandomPart(4));
                plantedInputs.Add(o);
            }
            foreach (var o in o4)
            {
                AddInput(o, RandomPart(5));
                plantedInputs.Add(o);
            }
            plantedUnits[UnitKind.Offer].Add("offer:" + offers[o2].Id);
            plantedUnits[UnitKind.Organization].AddRange(["organization:" + z.Id, "organization:" + w.Id]);
            plantedUnits[UnitKind.Country].AddRange(["country:JP", "country:US", "country:TW"]);
        }
        else
        {
            // E-000 (5 offers) ← S1 (3 offers) ← only offer a of S2 (2 offers) ← S3 (one offer) ← HUB (a commodity part
            // with many offers, any of them) ← tiers 2..6: the item's dominators are S2's offer a and S3's offer.
            NewPart("SPOF-S1", "Planted assembly", 1);
            NewPart("SPOF-S2", "Planted subassembly (one approved source)", 1);
            NewPart("SPOF-S3", "Planted component (one source)", 1);
            NewPart("HUB", "Planted commodity part", 1);
            var s1 = parts.Count - 4;
            var o1 = Enumerable.Range(0, 3).Select(_ => AddOffer(s1, facs[rng.Next(randomFacilities)], true)).ToArray();
            var o2a = AddOffer(s1 + 1, facs[rng.Next(randomFacilities)], true);
            var o2b = AddOffer(s1 + 1, facs[rng.Next(randomFacilities)], true);
            var o3 = AddOffer(s1 + 2, facs[rng.Next(randomFacilities)], true);
            var hub = Enumerable.Range(0, Math.Max(20, n / 500)).Select(_ => AddOffer(s1 + 3, facs[rng.Next(randomFacilities)], true)).ToArray();
            foreach (var o in itemOffers)
            {
                AddInput(o, s1, only: o1);
                plantedInputs.Add(o);
            }
            foreach (var o in o1)
            {
                AddInput(o, s1 + 1, only: [o2a]);
                plantedInputs.Add(o);
            }
            foreach (var o in new[] { o2a, o2b })
            {
                AddInput(o, s1 + 2, explicitRows: false);
                plantedInputs.Add(o);
            }
            AddInput(o3, s1 + 3, explicitRows: false);
            plantedInputs.Add(o3);
            foreach (var o in hub)
            {
                AddInput(o, RandomPart(2));
                plantedInputs.Add(o);
            }
            plantedUnits[UnitKind.Offer].AddRange(["offer:" + offers[o2a].Id, "offer:" + offers[o3].Id]);
        }

        // Every other offer: 1–4 inputs (one in the OR-only shape) from the next tiers; the last tier has none.
        for (var o = 0; o < offers.Count; o++)
        {
            if (plantedInputs.Contains(o) || offerTier[o] >= tiers)
            {
                continue;
            }
            var k = shape.MinInputs + rng.Next(shape.MaxInputs - shape.MinInputs + 1);
            var tier = offerTier[o];
            for (var i = 0; i < k; i++)
            {
                AddInput(o, shape.OrOnly ? RandomPart(tier + 1) : RandomPartDistinct(o, tier));
            }
        }
        return new GeneratedNetwork(orgs, facs, parts, offers, inputs, sources, tiers, parts[item].Id, "TW", plantedUnits);

        // An input part of the next tiers that the offer does not list yet.
        int RandomPartDistinct(int offer, int tier)
        {
            var id = offers[offer].Id;
            while (true)
            {
                var p = tier == 0 ? RandomPart(1) : NextTierPart(tier);
                var taken = false;
                for (var i = inputs.Count - 1; i >= 0 && ReferenceEquals(inputs[i].OfferId, id); i--)
                {
                    if (ReferenceEquals(inputs[i].PartId, parts[p].Id))
                    {
                        taken = true;
                        break;
                    }
                }
                if (!taken)
                {
                    return p;
                }
            }
        }
    }
}
