using System.Collections.Frozen;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Musubi.Engines.Transfers;

/// <summary>Reads, validates and compiles rule and world files. Collects every problem; returns a set only when there are none.</summary>
internal sealed class RuleSetLoader
{
    internal static readonly DateOnly Earliest = new(1900, 1, 1);
    private static readonly string[] TopKeys = ["jurisdictions", "approvals", "groups", "facts", "rules"];
    private static readonly string[] RuleKeys =
    [
        "id", "jurisdiction", "title", "title_ja", "effective_from", "effective_to", "effect", "baseline",
        "approvals", "notifications", "when", "citation", "confidence", "uncertain", "note",
    ];
    private static readonly string[] Confidences = ["H", "M", "L"];
    private static readonly string[] Effects = ["allow", "allow_with_approvals", "deny", "require"];

    private readonly List<RuleProblem> problems = [];
    private readonly List<string> notes = [];
    private readonly Dictionary<string, int> noteIndex = new(StringComparer.Ordinal);
    private readonly List<(string File, YamlMappingNode Node)> jurisdictionNodes = [];
    private readonly List<(string File, YamlMappingNode Node)> approvalNodes = [];
    private readonly List<(string File, YamlMappingNode Node)> groupNodes = [];
    private readonly List<(string File, YamlMappingNode Node)> factNodes = [];
    private readonly List<(string File, string? Folder, YamlMappingNode Node)> ruleNodes = [];
    private FrozenDictionary<string, int> countries = FrozenDictionary<string, int>.Empty;
    private readonly Dictionary<string, int> groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> facts = new(StringComparer.Ordinal);

    public static RuleSetLoad Load(IReadOnlyList<RuleSource> sources) => new RuleSetLoader().Run(sources);

    private RuleSetLoad Run(IReadOnlyList<RuleSource> sources)
    {
        var sorted = sources.OrderBy(s => s.Path, StringComparer.Ordinal).ToList();
        foreach (var dup in sorted.GroupBy(s => s.Path, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            Problem(dup.Key, 0, "path", "the same file is given twice");
        }
        var countryFile = sorted.FirstOrDefault(s => s.Path == "world/countries.csv");
        if (countryFile is null)
        {
            Problem("world/countries.csv", 0, "file", "missing: the list of valid country codes");
        }
        else
        {
            ReadCountries(countryFile);
        }
        foreach (var src in sorted.Where(s => s.Path != "world/countries.csv"))
        {
            ReadYaml(src);
        }

        var set = new RuleSet();
        var countryList = countries.OrderBy(kv => kv.Value).Select(kv => kv.Key).ToArray();
        set.Countries = countryList;
        set.CountryIndex = countries;
        var groupInfos = BuildGroups(set, countryList.Length);
        var factInfos = BuildFacts(set);
        var jurisdictions = BuildJurisdictions(set);
        var approvals = BuildApprovals(jurisdictions);
        var rules = BuildRules(set, jurisdictions, approvals);
        if (jurisdictions.Count == 0)
        {
            Problem("world/jurisdictions.yaml", 0, "jurisdictions", "no jurisdiction is defined");
        }

        if (problems.Count > 0)
        {
            return new RuleSetLoad(null, problems.OrderBy(p => p.File, StringComparer.Ordinal).ThenBy(p => p.Line).ToList());
        }

        set.Groups = groupInfos;
        set.Facts = factInfos;
        set.Jurisdictions = jurisdictions.Values.OrderBy(j => j.Index).ToArray();
        set.Approvals = approvals.Values.ToArray();
        set.ApprovalByCode = approvals.ToFrozenDictionary(StringComparer.Ordinal);
        set.Rules = rules;
        set.Notes = [.. notes];
        set.Sources = sorted.Select(s => s with { Text = RuleSet.Normalise(s.Text) }).ToArray();
        set.Hash = RuleSet.HashOf(sorted);
        Index(set, rules);
        return new RuleSetLoad(set, []);
    }

    // One line each: keys and values quoted from a file must not forge further file:line:field lines (ProblemText).
    private void Problem(string file, int line, string field, string message) =>
        problems.Add(new RuleProblem(ProblemText.OneLine(file, 500), line, ProblemText.OneLine(field, 300), ProblemText.OneLine(message)));

    private int NoteId(string text)
    {
        if (!noteIndex.TryGetValue(text, out var id))
        {
            id = notes.Count;
            notes.Add(text);
            noteIndex[text] = id;
        }
        return id;
    }

    private void ReadCountries(RuleSource src)
    {
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNo = 0;
        foreach (var line in src.Text.Split('\n'))
        {
            lineNo++;
            var l = line.TrimEnd('\r');
            if (l.Length == 0 || l.StartsWith('#') || l.StartsWith("alpha2", StringComparison.Ordinal))
            {
                continue;
            }
            var code = l.Split(',')[0];
            if (code.Length != 2 || !code.All(char.IsAsciiLetterUpper))
            {
                Problem(src.Path, lineNo, "alpha2", $"'{code}' is not a two-letter upper-case code");
                continue;
            }
            map.TryAdd(code, 0);
        }
        var i = 0;
        countries = map.Keys.Order(StringComparer.Ordinal).ToFrozenDictionary(k => k, _ => i++, StringComparer.Ordinal);
    }

    private void ReadYaml(RuleSource src)
    {
        if (!(src.Path.EndsWith(".yaml", StringComparison.Ordinal) || src.Path.EndsWith(".yml", StringComparison.Ordinal)))
        {
            Problem(src.Path, 0, "file", "not a YAML file (.yaml)");
            return;
        }
        var parts = src.Path.Split('/');
        var inRules = parts[0] == "rules";
        if (!inRules && parts[0] != "world")
        {
            Problem(src.Path, 0, "file", "rule files live under rules/, world files under world/");
            return;
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(src.Text));
        }
        catch (YamlException e)
        {
            Problem(src.Path, (int)e.Start.Line, "yaml", e.InnerException?.Message ?? e.Message);
            return;
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (an ArgumentException, "the current event is
            // of an unsupported type", for a NUL byte in a comment: the transfer-rules fuzz target); find the last
            // position it read.
            Problem(src.Path, LastGoodLine(src.Text), "yaml", "malformed YAML after this line");
            return;
        }
        if (stream.Documents.Count == 0)
        {
            Problem(src.Path, 1, "file", "empty file");
            return;
        }
        if (stream.Documents.Count > 1)
        {
            Problem(src.Path, (int)stream.Documents[1].RootNode.Start.Line, "file", "one YAML document per file");
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            Problem(src.Path, (int)stream.Documents[0].RootNode.Start.Line, "file", $"expected a mapping with one of: {string.Join(", ", TopKeys)}");
            return;
        }
        foreach (var (k, v) in root.Children)
        {
            var key = Str(k);
            var line = Line(k);
            if (key is null || !TopKeys.Contains(key))
            {
                Problem(src.Path, line, KeyName(key), $"unknown top-level key (expected one of: {string.Join(", ", TopKeys)})");
                continue;
            }
            if (key == "rules" != inRules)
            {
                Problem(src.Path, line, key, inRules ? "rule files hold only `rules`" : "`rules` belong under rules/<jurisdiction>/");
                continue;
            }
            if (v is not YamlSequenceNode seq)
            {
                Problem(src.Path, Line(v), key, "expected a list");
                continue;
            }
            foreach (var item in seq.Children)
            {
                if (item is not YamlMappingNode m)
                {
                    Problem(src.Path, Line(item), key, "expected a mapping for each entry");
                    continue;
                }
                switch (key)
                {
                    case "jurisdictions": jurisdictionNodes.Add((src.Path, m)); break;
                    case "approvals": approvalNodes.Add((src.Path, m)); break;
                    case "groups": groupNodes.Add((src.Path, m)); break;
                    case "facts": factNodes.Add((src.Path, m)); break;
                    default: ruleNodes.Add((src.Path, parts.Length > 2 ? parts[1] : null, m)); break;
                }
            }
        }
    }

    private static int LastGoodLine(string text)
    {
        var parser = new Parser(new StringReader(text));
        var line = 1;
        try
        {
            while (parser.MoveNext())
            {
                line = (int)parser.Current!.End.Line;
            }
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException or ArgumentException)
        {
            // The failure point is after the last event read.
        }
        return line;
    }

    // ---------- world ----------

    private List<GroupInfo> BuildGroups(RuleSet set, int countryCount)
    {
        var infos = new List<GroupInfo>();
        var defs = new List<GroupDef>();
        foreach (var (file, node) in groupNodes)
        {
            var e = new Entry(this, file, node, "groups", ["id", "name", "name_ja", "citation", "members", "note"]);
            var id = e.Id();
            var name = e.Required("name");
            var citation = e.Required("citation");
            if (id is null)
            {
                continue;
            }
            if (groups.ContainsKey(id))
            {
                e.Fail("id", $"group {id} is defined twice");
                continue;
            }
            var def = new GroupDef(id, countryCount);
            var members = new List<GroupMember>();
            if (node.Children.TryGetValue(new YamlScalarNode("members"), out var mnode))
            {
                if (mnode is not YamlSequenceNode seq)
                {
                    e.Fail("members", "expected a list");
                }
                else
                {
                    var seen = new Dictionary<string, List<(DateOnly, DateOnly?)>>(StringComparer.Ordinal);
                    foreach (var mn in seq.Children)
                    {
                        if (mn is not YamlMappingNode mm)
                        {
                            Problem(file, Line(mn), $"{id}.members", "expected a mapping");
                            continue;
                        }
                        var me = new Entry(this, file, mm, $"{id}.members", ["country", "from", "to", "certain_from", "citation", "confidence", "uncertain", "note"]);
                        var country = me.Required("country");
                        var from = me.Date("from", required: true);
                        var to = me.Date("to", required: false);
                        var certainFrom = me.Date("certain_from", required: false);
                        var conf = me.OneOf("confidence", Confidences);
                        var unc = me.Optional("uncertain");
                        var mcit = me.Optional("citation");
                        if (country is null || from is null)
                        {
                            continue;
                        }
                        if (!countries.TryGetValue(country, out var ci))
                        {
                            me.Fail("country", UnknownCountry(country));
                            continue;
                        }
                        if (to is { } t && t <= from)
                        {
                            me.Fail("to", $"ends ({t:yyyy-MM-dd}) on or before it starts ({from:yyyy-MM-dd})");
                            continue;
                        }
                        if (certainFrom is { } cf && (cf < from || (to is { } t2 && cf > t2)))
                        {
                            me.Fail("certain_from", $"{cf:yyyy-MM-dd} is outside the membership ({from:yyyy-MM-dd} to {(to is { } t3 ? t3.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "open")})");
                        }
                        if (certainFrom is not null && unc is null)
                        {
                            me.Fail("certain_from", "only meaningful with an `uncertain` note");
                        }
                        var list = seen.TryGetValue(country, out var l) ? l : seen[country] = [];
                        if (list.Any(x => Overlaps(x.Item1, x.Item2, from.Value, to)))
                        {
                            me.Fail("from", $"{country}'s memberships of {id} overlap");
                        }
                        list.Add((from.Value, to));
                        def.Add(ci, from.Value.DayNumber, to?.DayNumber ?? int.MaxValue, unc is null ? -1 : NoteId($"{id} / {country}: {unc}"), certainFrom?.DayNumber ?? int.MaxValue);
                        members.Add(new GroupMember(country, from.Value, to, mcit, conf, unc, certainFrom));
                    }
                }
            }
            groups[id] = defs.Count;
            defs.Add(def);
            infos.Add(new GroupInfo
            {
                Id = id,
                Name = name ?? id,
                NameJa = e.Optional("name_ja"),
                Citation = citation ?? "",
                Members = members,
            });
        }
        set.GroupDefs = [.. defs];
        return infos;
    }

    private List<FactInfo> BuildFacts(RuleSet set)
    {
        var infos = new List<FactInfo>();
        var defs = new List<FactDef>();
        foreach (var (file, node) in factNodes)
        {
            var e = new Entry(this, file, node, "facts", ["id", "subject", "group", "description", "when_defaulted", "citation"]);
            var id = e.Id(upperSnake: false);
            var subject = e.Required("subject");
            var group = e.Required("group");
            if (id is null || subject is null || group is null)
            {
                continue;
            }
            if (facts.ContainsKey(id))
            {
                e.Fail("id", $"fact {id} is defined twice");
                continue;
            }
            if (!TransferVocabulary.ByPath.TryGetValue(subject, out var spec) || spec.Type != FieldType.Country)
            {
                e.Fail("subject", $"'{subject}' is not a country field (valid: {string.Join(", ", TransferVocabulary.Fields.Where(f => f.Type == FieldType.Country).Select(f => f.Path))})");
                continue;
            }
            if (!groups.TryGetValue(group, out var gi))
            {
                e.Fail("group", $"unknown group '{group}'");
                continue;
            }
            var defaulted = e.Optional("when_defaulted");
            facts[id] = defs.Count;
            defs.Add(new FactDef(id, spec.Slot, gi, defaulted is null ? -1 : NoteId(defaulted)));
            infos.Add(new FactInfo
            {
                Id = id,
                Subject = subject,
                Group = group,
                Description = e.Optional("description"),
                WhenDefaulted = defaulted,
            });
        }
        set.FactDefs = [.. defs];
        set.FactIndex = facts.ToFrozenDictionary(StringComparer.Ordinal);
        return infos;
    }

    private Dictionary<string, JurisdictionInfo> BuildJurisdictions(RuleSet set)
    {
        var result = new Dictionary<string, JurisdictionInfo>(StringComparer.Ordinal);
        foreach (var (file, node) in jurisdictionNodes)
        {
            var e = new Entry(this, file, node, "jurisdictions", ["id", "name", "name_ja", "reach", "citation", "note"]);
            var id = e.Id();
            var name = e.Required("name");
            var citation = e.Required("citation");
            if (id is null)
            {
                continue;
            }
            if (result.ContainsKey(id))
            {
                e.Fail("id", $"jurisdiction {id} is defined twice");
                continue;
            }
            if (!node.Children.TryGetValue(new YamlScalarNode("reach"), out var reachNode))
            {
                e.Fail("reach", "required: when this jurisdiction's rules reach a transfer");
                continue;
            }
            var reach = new ConditionCompiler(this, file, $"{id}.reach").Compile(reachNode);
            var info = new JurisdictionInfo
            {
                Id = id,
                Name = name ?? id,
                NameJa = e.Optional("name_ja"),
                Citation = citation ?? "",
                Reach = reach,
                Index = result.Count,
            };
            info.ReachText = Describe(reach, set);
            result[id] = info;
        }
        return result;
    }

    private Dictionary<string, ApprovalInfo> BuildApprovals(Dictionary<string, JurisdictionInfo> jurisdictions)
    {
        var result = new Dictionary<string, ApprovalInfo>(StringComparer.Ordinal);
        foreach (var (file, node) in approvalNodes)
        {
            var e = new Entry(this, file, node, "approvals", ["code", "jurisdiction", "routine", "description", "description_ja", "citation"]);
            var code = e.Required("code");
            var jur = e.Required("jurisdiction");
            var desc = e.Required("description");
            var routine = e.Bool("routine") ?? false;
            if (code is null || jur is null || desc is null)
            {
                continue;
            }
            if (!IsUpperSnake(code))
            {
                e.Fail("code", $"'{code}' is not UPPER_SNAKE_CASE");
            }
            if (!jurisdictions.ContainsKey(jur))
            {
                e.Fail("jurisdiction", $"unknown jurisdiction '{jur}' (valid: {string.Join(", ", jurisdictions.Keys)})");
            }
            if (!result.TryAdd(code, new ApprovalInfo
            {
                Code = code,
                Jurisdiction = jur,
                Routine = routine,
                Description = desc,
                DescriptionJa = e.Optional("description_ja"),
                Citation = e.Optional("citation"),
            }))
            {
                e.Fail("code", $"approval {code} is defined twice");
            }
        }
        return result;
    }

    // ---------- rules ----------

    private List<Rule> BuildRules(RuleSet set, Dictionary<string, JurisdictionInfo> jurisdictions, Dictionary<string, ApprovalInfo> approvals)
    {
        var rules = new List<Rule>();
        var approvalCodes = approvals.Keys.ToList();
        foreach (var (file, folder, node) in ruleNodes)
        {
            var e = new Entry(this, file, node, "rules", RuleKeys);
            var id = e.Id();
            var label = id ?? "rules";
            e.Label = label;
            var jur = e.Required("jurisdiction");
            var title = e.Required("title");
            var citation = e.Required("citation");
            var from = e.Date("effective_from", required: true);
            var to = e.Date("effective_to", required: false);
            var effectText = e.OneOf("effect", Effects, required: true);
            var baseline = e.Bool("baseline") ?? false;
            var conf = e.OneOf("confidence", Confidences);
            if (citation is not null && citation.Trim().Length == 0)
            {
                e.Fail("citation", "empty citation: every rule names its source");
            }
            if (jur is not null && !jurisdictions.ContainsKey(jur))
            {
                e.Fail("jurisdiction", $"unknown jurisdiction '{jur}' (valid: {string.Join(", ", jurisdictions.Keys)})");
                jur = null;
            }
            if (jur is not null && folder is not null && !string.Equals(folder, jur, StringComparison.OrdinalIgnoreCase))
            {
                e.Fail("jurisdiction", $"rule of {jur} in folder rules/{folder}/");
            }
            if (from is { } f && to is { } t && t <= f)
            {
                e.Fail("effective_to", $"ends ({t:yyyy-MM-dd}) on or before it starts ({f:yyyy-MM-dd})");
            }
            var effect = effectText switch
            {
                "allow" => RuleEffect.Allow,
                "allow_with_approvals" => RuleEffect.AllowWithApprovals,
                "deny" => RuleEffect.Deny,
                _ => RuleEffect.Require,
            };
            if (baseline && effect == RuleEffect.Require)
            {
                e.Fail("baseline", "a `require` rule cannot be a baseline: baselines decide verdicts");
            }
            var ruleApprovals = e.List("approvals");
            foreach (var (code, line) in ruleApprovals)
            {
                if (!approvals.ContainsKey(code))
                {
                    Problem(file, line, $"{label}.approvals", $"unknown approval code '{code}' (valid: {string.Join(", ", approvalCodes)})");
                }
            }
            if (effect == RuleEffect.AllowWithApprovals && ruleApprovals.Count == 0)
            {
                e.Fail("approvals", "allow_with_approvals needs at least one approval");
            }
            if (effect == RuleEffect.Deny && ruleApprovals.Count > 0)
            {
                e.Fail("approvals", "a deny rule has no approvals");
            }
            var notifications = ReadNotifications(e, file, node, label);
            if (effect == RuleEffect.Require && ruleApprovals.Count == 0 && notifications.Count == 0)
            {
                e.Fail("approvals", "a require rule adds at least one approval or notification");
            }
            Cond when = TrueCond.Instance;
            if (node.Children.TryGetValue(new YamlScalarNode("when"), out var whenNode))
            {
                when = new ConditionCompiler(this, file, $"{label}.when").Compile(whenNode);
            }
            if (id is null || jur is null || title is null || citation is null || from is null)
            {
                continue;
            }
            if (from < Earliest)
            {
                e.Fail("effective_from", $"before {Earliest:yyyy-MM-dd}");
            }
            var unc = e.Optional("uncertain");
            var rule = new Rule
            {
                Id = id,
                Jurisdiction = jur,
                Title = title,
                TitleJa = e.Optional("title_ja"),
                EffectiveFrom = from.Value,
                EffectiveTo = to,
                Effect = effect,
                Baseline = baseline,
                Approvals = ruleApprovals.Select(a => a.Value).Distinct().ToArray(),
                Notifications = notifications,
                Citation = citation,
                Confidence = conf,
                Uncertain = unc,
                Note = e.Optional("note"),
                File = file,
                Line = Line(node),
                When = when,
                FromDay = from.Value.DayNumber,
                ToDay = to?.DayNumber ?? int.MaxValue,
                JurisdictionIndex = jurisdictions[jur].Index,
                UncertainNote = unc is null ? -1 : NoteId($"{id}: {unc}"),
            };
            rules.Add(rule);
        }
        foreach (var byId in rules.GroupBy(r => r.Id, StringComparer.Ordinal))
        {
            var versions = byId.OrderBy(r => r.EffectiveFrom).ToList();
            if (versions.Select(v => v.Jurisdiction).Distinct(StringComparer.Ordinal).Count() > 1)
            {
                Problem(versions[1].File, versions[1].Line, $"{byId.Key}.jurisdiction", "versions of one rule belong to different jurisdictions");
            }
            for (var i = 1; i < versions.Count; i++)
            {
                if (versions[i - 1].ToDay > versions[i].FromDay)
                {
                    Problem(versions[i].File, versions[i].Line, $"{byId.Key}.effective_from",
                        $"versions overlap: the version from {versions[i - 1].EffectiveFrom:yyyy-MM-dd} ({versions[i - 1].File}:{versions[i - 1].Line}) is still in force on {versions[i].EffectiveFrom:yyyy-MM-dd}");
                }
            }
        }
        return rules;
    }

    private List<NotificationSpec> ReadNotifications(Entry e, string file, YamlMappingNode node, string label)
    {
        var result = new List<NotificationSpec>();
        if (!node.Children.TryGetValue(new YamlScalarNode("notifications"), out var n) || IsNull(n))
        {
            return result;
        }
        if (n is not YamlSequenceNode seq)
        {
            e.Fail("notifications", "expected a list");
            return result;
        }
        foreach (var item in seq.Children)
        {
            if (item is not YamlMappingNode m)
            {
                Problem(file, Line(item), $"{label}.notifications", "expected a mapping");
                continue;
            }
            var ne = new Entry(this, file, m, $"{label}.notifications", ["body", "section", "review_days", "timing"]);
            var body = ne.Required("body");
            var timing = ne.OneOf("timing", ["before", "after"]) ?? "before";
            var days = ne.Int("review_days");
            if (days is < 0 or > 3650)
            {
                ne.Fail("review_days", "must be between 0 and 3650");
            }
            if (body is not null)
            {
                result.Add(new NotificationSpec(body, ne.Optional("section"), days, timing));
            }
        }
        return result;
    }

    private static void Index(RuleSet set, List<Rule> rules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            r.Index = i;
            r.Ref = new RuleRef(r.Id, r.Effect, r.Citation, r.EffectiveFrom, r.EffectiveTo, r.Title);
            r.ConditionText = Describe(r.When, set);
        }
        foreach (var j in set.Jurisdictions)
        {
            var own = rules.Where(r => r.JurisdictionIndex == j.Index).ToList();
            var bounds = own.SelectMany(r => new[] { r.FromDay, r.ToDay }).Where(d => d != int.MaxValue).Distinct().Order().ToArray();
            var epochs = new Rule[bounds.Length + 1][];
            for (var k = 0; k <= bounds.Length; k++)
            {
                var day = k == 0 ? int.MinValue : bounds[k - 1];
                // Deny rules first, so a gate that ends prohibited stops looking early; then the rest in file order.
                epochs[k] = own.Where(r => day >= r.FromDay && day < r.ToDay).OrderBy(r => r.Effect == RuleEffect.Deny ? 0 : 1).ToArray();
            }
            j.Boundaries = bounds;
            j.Epochs = epochs;
        }
        var days = rules.SelectMany(r => new[] { r.FromDay, r.ToDay })
            .Concat(set.GroupDefs.SelectMany(g => g.Boundaries()))
            .Where(d => d != int.MaxValue).Distinct().Order().ToArray();
        set.ChangeDays = days;
        set.ChangeDates = days.Select(DateOnly.FromDayNumber).ToArray();
    }

    private static string Describe(Cond c, RuleSet set)
    {
        var sb = new StringBuilder();
        c.Describe(sb, set);
        return sb.ToString();
    }

    private static bool Overlaps(DateOnly aFrom, DateOnly? aTo, DateOnly bFrom, DateOnly? bTo) =>
        (aTo is null || bFrom < aTo) && (bTo is null || aFrom < bTo);

    internal string UnknownCountry(string code) =>
        $"unknown country code '{code}' (valid: ISO 3166-1 alpha-2 codes as listed in world/countries.csv, e.g. JP, US, GB, AU, IT)";

    internal bool TryCountry(string code, out int index) => countries.TryGetValue(code, out index);

    internal bool TryGroup(string id, out int index) => groups.TryGetValue(id, out index);

    internal bool TryFact(string id, out int index) => facts.TryGetValue(id, out index);

    internal IEnumerable<string> GroupIds => groups.Keys;

    internal IEnumerable<string> FactIds => facts.Keys;

    internal void Add(string file, int line, string field, string message) => Problem(file, line, field, message);

    // ---------- YAML helpers ----------

    internal static int Line(YamlNode n) => (int)n.Start.Line;

    internal static bool IsNull(YamlNode n) =>
        n is YamlScalarNode s && s.Style == ScalarStyle.Plain && s.Value is null or "" or "~" or "null" or "Null" or "NULL";

    internal static string? Str(YamlNode n) => n is YamlScalarNode s && !IsNull(n) ? s.Value : null;

    /// <summary>A key as a problem's field: an empty or blank key (the transfer-rules fuzz target found one) still names something.</summary>
    internal static string KeyName(string? key) => string.IsNullOrWhiteSpace(key) ? "(empty key)" : key;

    internal static bool IsUpperSnake(string s) =>
        s.Length > 0 && char.IsAsciiLetterUpper(s[0]) && s.All(ch => char.IsAsciiLetterUpper(ch) || char.IsAsciiDigit(ch) || ch == '_');

    /// <summary>One mapping entry (a rule, a group, a member…): typed field access that reports problems against its file and line.</summary>
    private sealed class Entry
    {
        private readonly RuleSetLoader loader;
        private readonly string file;
        private readonly YamlMappingNode node;

        public Entry(RuleSetLoader loader, string file, YamlMappingNode node, string label, string[] keys)
        {
            this.loader = loader;
            this.file = file;
            this.node = node;
            Label = node.Children.TryGetValue(new YamlScalarNode("id"), out var idNode) && Str(idNode) is { } id ? id : label;
            foreach (var (k, _) in node.Children)
            {
                var key = Str(k);
                if (key is null || !keys.Contains(key))
                {
                    loader.Problem(file, Line(k), $"{Label}.{KeyName(key)}", $"unknown field (valid: {string.Join(", ", keys)})");
                }
            }
        }

        public string Label { get; set; }

        private YamlNode? Get(string key) => node.Children.TryGetValue(new YamlScalarNode(key), out var v) ? v : null;

        public void Fail(string key, string message)
        {
            var n = Get(key);
            loader.Problem(file, n is null ? Line(node) : Line(n), $"{Label}.{key}", message);
        }

        public string? Id(bool upperSnake = true)
        {
            var id = Required("id");
            if (id is not null)
            {
                Label = id;
                if (upperSnake && !IsUpperSnake(id))
                {
                    Fail("id", $"'{id}' is not UPPER_SNAKE_CASE");
                }
            }
            return id;
        }

        public string? Required(string key)
        {
            var n = Get(key);
            if (n is null || IsNull(n))
            {
                loader.Problem(file, n is null ? Line(node) : Line(n), $"{Label}.{key}", "required");
                return null;
            }
            if (n is not YamlScalarNode s)
            {
                loader.Problem(file, Line(n), $"{Label}.{key}", "expected a single value");
                return null;
            }
            return s.Value;
        }

        public string? Optional(string key)
        {
            var n = Get(key);
            if (n is null || IsNull(n))
            {
                return null;
            }
            if (n is not YamlScalarNode s)
            {
                loader.Problem(file, Line(n), $"{Label}.{key}", "expected a single value");
                return null;
            }
            return s.Value;
        }

        public string? OneOf(string key, string[] values, bool required = false)
        {
            var v = required ? Required(key) : Optional(key);
            if (v is not null && !values.Contains(v))
            {
                Fail(key, $"'{v}' is not valid (valid: {string.Join(", ", values)})");
                return null;
            }
            return v;
        }

        public DateOnly? Date(string key, bool required)
        {
            var v = required ? Required(key) : Optional(key);
            if (v is null)
            {
                return null;
            }
            if (!DateOnly.TryParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Fail(key, $"'{v}' is not a date (YYYY-MM-DD)");
                return null;
            }
            return d;
        }

        public bool? Bool(string key)
        {
            var v = Optional(key);
            switch (v)
            {
                case null: return null;
                case "true": return true;
                case "false": return false;
                default:
                    Fail(key, $"'{v}' is not true or false");
                    return null;
            }
        }

        public int? Int(string key)
        {
            var v = Optional(key);
            if (v is null)
            {
                return null;
            }
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
            {
                Fail(key, $"'{v}' is not a whole number");
                return null;
            }
            return i;
        }

        public List<(string Value, int Line)> List(string key)
        {
            var n = Get(key);
            var result = new List<(string, int)>();
            if (n is null || IsNull(n))
            {
                return result;
            }
            if (n is not YamlSequenceNode seq)
            {
                Fail(key, "expected a list");
                return result;
            }
            foreach (var item in seq.Children)
            {
                if (Str(item) is { } s)
                {
                    result.Add((s, Line(item)));
                }
                else
                {
                    loader.Problem(file, Line(item), $"{Label}.{key}", "expected a code");
                }
            }
            return result;
        }
    }
}
