using Musubi.Engines.Matching;

namespace Musubi.Benchmarks;

/// <summary>
/// Synthetic data for the matching and board benchmarks (issue #8): a three-level capability taxonomy, supplier
/// facilities, requirements and board queries. Everything is generated from a seed; nothing here describes a real
/// organization, program or requirement.
/// </summary>
internal sealed class MatchingGenerator(int seed)
{
    public static readonly string[] English =
    [
        "solid", "rocket", "motor", "case", "composite", "filament", "wound", "propellant", "igniter", "nozzle", "seeker", "guidance",
        "radar", "antenna", "array", "transmit", "receive", "module", "gallium", "nitride", "amplifier", "power", "supply", "battery",
        "lithium", "cell", "harness", "wire", "cable", "connector", "printed", "circuit", "board", "assembly", "avionics", "display",
        "software", "firmware", "encryption", "datalink", "satellite", "ground", "station", "sensor", "infrared", "optics", "lens", "gimbal",
        "turret", "armor", "ceramic", "plate", "steel", "titanium", "forging", "casting", "machining", "precision", "gear", "bearing",
        "actuator", "hydraulic", "valve", "pump", "engine", "turbine", "blade", "combustor", "fuel", "tank", "airframe", "wing",
        "fuselage", "rotor", "drone", "unmanned", "aerial", "vehicle", "maritime", "hull", "sonar", "torpedo", "mine", "countermeasure",
        "decoy", "flare", "chaff", "ammunition", "artillery", "shell", "fuze", "explosive", "energetic", "material", "maintenance", "repair",
        "overhaul", "depot", "logistics", "training", "simulator", "test", "equipment", "calibration", "inspection", "quality", "thermal",
        "coating", "paint", "stealth", "radome", "structure", "bracket", "fastener", "seal", "gasket", "filter", "cooling", "electronics",
        "microwave", "semiconductor", "chip", "processor", "memory", "network", "router", "radio", "tactical", "communication", "navigation",
        "inertial", "gyroscope", "accelerometer", "interceptor", "missile", "launcher", "canister", "container", "shelter", "generator",
    ];

    public static readonly string[] Japanese =
    [
        "固体", "ロケット", "モーター", "ケース", "複合材", "推進薬", "点火器", "ノズル", "シーカー", "誘導", "レーダー", "アンテナ",
        "送受信", "モジュール", "窒化ガリウム", "増幅器", "電源", "電池", "リチウム", "ハーネス", "ケーブル", "コネクタ", "基板", "組立",
        "航空電子", "表示器", "ソフトウェア", "暗号", "データリンク", "衛星", "地上局", "センサー", "赤外線", "光学", "レンズ", "ジンバル",
        "装甲", "セラミック", "鋼板", "チタン", "鍛造", "鋳造", "機械加工", "精密", "歯車", "軸受", "アクチュエータ", "油圧", "バルブ",
        "ポンプ", "エンジン", "タービン", "翼", "燃料", "機体", "無人機", "船体", "ソナー", "魚雷", "弾薬", "信管", "火薬", "整備",
        "修理", "補給", "訓練", "試験", "校正", "検査", "品質", "熱処理", "塗装", "構造", "冷却", "半導体", "通信", "航法", "慣性",
        "迎撃", "ミサイル", "発射機", "発電機", "製造", "部品", "量産", "納入",
    ];

    public static readonly string[] Countries = ["JP", "US", "GB", "AU", "DE", "FR", "IT", "KR"];
    public static readonly string[] Funding = ["funded", "requested", "planned", "unfunded"];
    public static readonly string[] Paths = ["fms", "dcs", "national", "ota"];
    public static readonly string[] Statuses = ["open", "open", "open", "draft", "awarded", "closed"];
    public static readonly string[] Kinds = ["AS9100", "JIS Q 9100", "EN 9100", "ISO 9001", "Facility clearance", "CMMC"];

    private readonly Random random = new(seed);

    public List<CapabilityTerm> Terms { get; } = [];

    public List<string> Leaves { get; } = [];

    public List<string> Mids { get; } = [];

    public List<string> Roots { get; } = [];

    /// <summary>12 roots × 8 mid-level × 6 leaves = 684 codes, each with EN and JA labels drawn from the word pools.</summary>
    public CapabilityTaxonomy Taxonomy()
    {
        for (var r = 0; r < 12; r++)
        {
            var root = $"C{r:D2}";
            Roots.Add(root);
            Terms.Add(new CapabilityTerm(root, null, Words(2), WordsJa(2), Words(6)));
            for (var m = 0; m < 8; m++)
            {
                var mid = $"{root}.M{m}";
                Mids.Add(mid);
                Terms.Add(new CapabilityTerm(mid, root, Words(2), WordsJa(2), Words(6)));
                for (var l = 0; l < 6; l++)
                {
                    var leaf = $"{mid}.L{l}";
                    Leaves.Add(leaf);
                    Terms.Add(new CapabilityTerm(leaf, mid, Words(3), WordsJa(3), Words(8), WordsJa(4)));
                }
            }
        }

        return new CapabilityTaxonomy(Terms);
    }

    /// <summary>
    /// Facilities: 1–3 per organization, 2–5 capabilities each (85 % leaves, 12 % mid-level, 3 % roots), capacity known
    /// for 80 %, evidence of 6–14 words, 0–4 engagements on 300 programs, 1 % screening hits; access keys 0–3 on
    /// facilities, capabilities and engagements (the benchmark reader sees keys 0–2).
    /// </summary>
    public List<SupplierFacility> Facilities(int count)
    {
        var list = new List<SupplierFacility>(count);
        var org = 0;
        while (list.Count < count)
        {
            var country = Countries[random.Next(Countries.Length)];
            var certs = Enumerable.Range(0, random.Next(0, 3)).Select(_ => new SupplierCertification(Kinds[random.Next(Kinds.Length)], null,
                new DateOnly(2020, 1, 1).AddDays(random.Next(0, 1500)), random.Next(4) == 0 ? null : new DateOnly(2027, 1, 1).AddDays(random.Next(0, 1500)))).ToList();
            var engagements = Enumerable.Range(0, random.Next(0, 5)).Select(_ =>
            {
                var p = random.Next(300);
                return new PastEngagement($"prog-{p:D3}", ProgramName(p), "award", null, Key());
            }).ToList();
            var name = Words(2);
            var hit = random.Next(100) == 0;
            var n = random.Next(1, 4);
            for (var f = 0; f < n && list.Count < count; f++)
            {
                var caps = Enumerable.Range(0, random.Next(2, 6)).Select(_ =>
                {
                    var roll = random.Next(100);
                    var code = roll < 85 ? Leaves[random.Next(Leaves.Count)] : roll < 97 ? Mids[random.Next(Mids.Count)] : Roots[random.Next(Roots.Count)];
                    decimal? actual = random.Next(5) == 0 ? null : random.Next(0, 200);
                    decimal? max = random.Next(5) == 0 ? null : (actual ?? 0) + random.Next(0, 200);
                    return new SupplierCapability(code, actual, max, new DateOnly(2015, 1, 1).AddDays(random.Next(0, 3000)),
                        random.Next(6) == 0 ? new DateOnly(2026, 1, 1).AddDays(random.Next(0, 1500)) : null, Words(random.Next(6, 15)), Key());
                }).ToList();
                list.Add(new SupplierFacility($"org-{org:D6}", name + " Industries", random.Next(3) == 0 ? WordsJa(2) + "工業" : null, country,
                    $"fac-{list.Count:D7}", name + " plant " + f, random.Next(10) == 0 ? Countries[random.Next(Countries.Length)] : country,
                    caps, certs, engagements, hit, hit ? "Synthetic list entry" : null, Key()));
            }

            org++;
        }

        return list;
    }

    /// <summary>
    /// Requirements: 1–2 codes (mostly leaves), a title of 4–7 words and a description of 15–40 in English (85 %) and/or
    /// Japanese (60 %), 300 programs with 1–3 nations each, quantities, need dates 2027–2031; access keys 0–3.
    /// </summary>
    public List<RequirementDocument> Requirements(int count)
    {
        var programNations = Enumerable.Range(0, 300).Select(_ => Countries.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray()).ToArray();
        var list = new List<RequirementDocument>(count);
        for (var i = 0; i < count; i++)
        {
            var p = random.Next(300);
            var english = random.Next(100) < 85;
            var japanese = !english || random.Next(100) < 53;
            var codes = Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(10) < 9 ? Leaves[random.Next(Leaves.Count)] : Mids[random.Next(Mids.Count)]).Distinct().ToList();
            list.Add(new RequirementDocument($"req-{i:D6}", $"prog-{p:D3}", ProgramName(p), programNations[p],
                english ? Words(random.Next(4, 8)) : $"REQ {i}", japanese ? WordsJa(random.Next(3, 6)) : null,
                english ? Words(random.Next(15, 41)) : null, japanese ? WordsJa(random.Next(10, 25)) : null,
                codes, random.Next(5) == 0 ? [Kinds[random.Next(Kinds.Length)]] : [], random.Next(4) == 0 ? null : random.Next(1, 2000),
                new DateOnly(2027, 1, 1).AddDays(random.Next(0, 1800)), new DateOnly(2025, 1, 1).AddDays(random.Next(0, 700)),
                Funding[random.Next(Funding.Length)], Paths[random.Next(Paths.Length)], Statuses[random.Next(Statuses.Length)], Key()));
        }

        return list;
    }

    /// <summary>
    /// The board query mix: 35 % English text (1–3 words), 25 % Japanese text (1–2 words), 20 % no-text listings with
    /// 1–3 facet filters, 20 % text with 1–2 filters; each with a sort and a page of 25.
    /// </summary>
    public List<BoardQuery> BoardQueries(int count, Func<int, bool> canSee)
    {
        var list = new List<BoardQuery>(count);
        for (var i = 0; i < count; i++)
        {
            var roll = random.Next(100);
            string? text = roll < 35 ? Words(random.Next(1, 4)) : roll < 60 ? string.Join(' ', Enumerable.Range(0, random.Next(1, 3)).Select(_ => Japanese[random.Next(Japanese.Length)])) : roll < 80 ? null : Words(random.Next(1, 3));
            var filters = roll >= 60 ? random.Next(1, roll < 80 ? 4 : 3) : 0;
            var q = new BoardQuery(text, CanSee: canSee, Limit: 25, Offset: random.Next(4) == 0 ? 25 : 0);
            for (var f = 0; f < filters; f++)
            {
                q = random.Next(6) switch
                {
                    0 => q with { Programs = [$"prog-{random.Next(300):D3}"] },
                    1 => q with { Nations = [Countries[random.Next(Countries.Length)]] },
                    2 => q with { Capabilities = [random.Next(2) == 0 ? Mids[random.Next(Mids.Count)] : Roots[random.Next(Roots.Count)]] },
                    3 => q with { FundingStatuses = [Funding[random.Next(Funding.Length)]] },
                    4 => q with { Statuses = ["open"] },
                    _ => q with { NeedFrom = new DateOnly(2027 + random.Next(3), 1, 1), NeedTo = new DateOnly(2029 + random.Next(3), 12, 31) },
                };
            }

            if (text is null)
            {
                q = q with { Sort = random.Next(2) == 0 ? "needBy" : "published" };
            }

            list.Add(q);
        }

        return list;
    }

    public static string ProgramName(int p) => $"Program {p:D3} " + English[p % English.Length];

    /// <summary>The benchmark reader sees keys 0, 1 and 2 and not 3 (about a quarter of the records are hidden).</summary>
    public static bool CanSee(int key) => key != 3;

    private int Key() => random.Next(4);

    private string Words(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => English[Zipf(English.Length)]));

    private string WordsJa(int n) => string.Concat(Enumerable.Range(0, n).Select(_ => Japanese[Zipf(Japanese.Length)]));

    /// <summary>A word index with a skewed (roughly Zipf-like) frequency, so some words are common and most are rare.</summary>
    private int Zipf(int n) => (int)Math.Min(n - 1, Math.Floor(n * Math.Pow(random.NextDouble(), 2.2)));
}
