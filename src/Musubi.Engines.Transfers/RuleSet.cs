using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;

namespace Musubi.Engines.Transfers;

/// <summary>A rule or world file: its path relative to the data directory (<c>rules/jp/x.yaml</c>) and its text.</summary>
public sealed record RuleSource(string Path, string Text);

/// <summary>A problem in a rule or world file.</summary>
public sealed record RuleProblem(string File, int Line, string Field, string Message)
{
    public override string ToString() => $"{File}:{Line}:{Field}: {Message}";
}

/// <summary>The outcome of loading a rule set: the set, or every problem found (never half a set).</summary>
public sealed record RuleSetLoad(RuleSet? Set, IReadOnlyList<RuleProblem> Problems);

/// <summary>
/// A validated, compiled rule set: jurisdictions, rules, approval codes, dated country groups and facts.
/// Immutable and thread-safe; load once, evaluate many times.
/// </summary>
public sealed class RuleSet
{
    private static readonly Lazy<RuleSet> Default = new(LoadEmbedded);

    internal RuleSet()
    {
    }

    /// <summary>The content hash (<c>sha256:</c> + hex) of every source's path and normalised text.</summary>
    public string Hash { get; internal set; } = "";

    /// <summary>The files the set was loaded from, sorted by path.</summary>
    public IReadOnlyList<RuleSource> Sources { get; internal set; } = [];

    public IReadOnlyList<Rule> Rules { get; internal set; } = [];
    public IReadOnlyList<JurisdictionInfo> Jurisdictions { get; internal set; } = [];
    public IReadOnlyList<ApprovalInfo> Approvals { get; internal set; } = [];
    public IReadOnlyList<GroupInfo> Groups { get; internal set; } = [];
    public IReadOnlyList<FactInfo> Facts { get; internal set; } = [];

    /// <summary>Valid country codes (ISO 3166-1 alpha-2), sorted.</summary>
    public IReadOnlyList<string> Countries { get; internal set; } = [];

    /// <summary>Every date on which a rule or a group membership starts or ends, sorted.</summary>
    public IReadOnlyList<DateOnly> ChangeDates { get; internal set; } = [];

    internal FrozenDictionary<string, int> CountryIndex { get; set; } = FrozenDictionary<string, int>.Empty;
    internal FrozenDictionary<string, int> FactIndex { get; set; } = FrozenDictionary<string, int>.Empty;
    internal FrozenDictionary<string, ApprovalInfo> ApprovalByCode { get; set; } = FrozenDictionary<string, ApprovalInfo>.Empty;
    internal GroupDef[] GroupDefs { get; set; } = [];
    internal FactDef[] FactDefs { get; set; } = [];
    internal string[] Notes { get; set; } = [];
    internal int[] ChangeDays { get; set; } = [];

    internal string CountryCode(int index) => Countries[index];

    /// <summary>
    /// Facts whose being true can only restrict: they appear only where they make a deny rule fire or stop an allowing rule
    /// firing (never in a jurisdiction's reach). Setting one of them never turns a prohibited answer into an allowed one.
    /// </summary>
    public IReadOnlyList<string> RestrictingFacts()
    {
        var enabling = new HashSet<int>();
        foreach (var r in Rules)
        {
            if (r.Effect == RuleEffect.Require)
            {
                continue;
            }
            r.When.VisitFacts(true, (fact, positive) =>
            {
                if (positive != (r.Effect == RuleEffect.Deny))
                {
                    enabling.Add(fact);
                }
            });
        }
        foreach (var j in Jurisdictions)
        {
            j.Reach.VisitFacts(true, (fact, _) => enabling.Add(fact));
        }
        return FactDefs.Select((f, i) => (f, i)).Where(x => !enabling.Contains(x.i)).Select(x => x.f.Id).ToArray();
    }

    /// <summary>The rule set built into this assembly from the repository's <c>data/</c> at build time.</summary>
    public static RuleSet LoadDefault() => Default.Value;

    /// <summary>Loads and validates a rule set from sources; any problem means no set.</summary>
    public static RuleSetLoad Load(IReadOnlyList<RuleSource> sources) => RuleSetLoader.Load(sources);

    /// <summary>Loads <c>rules/**/*.yaml</c>, <c>world/**/*.yaml</c> and <c>world/countries.csv</c> under <paramref name="dataDir"/>.</summary>
    public static RuleSetLoad LoadDirectory(string dataDir)
    {
        if (!Directory.Exists(dataDir))
        {
            return new RuleSetLoad(null, [new RuleProblem(dataDir, 0, "dir", "directory not found")]);
        }
        var sources = new List<RuleSource>();
        foreach (var sub in new[] { "rules", "world" })
        {
            var dir = Path.Combine(dataDir, sub);
            if (!Directory.Exists(dir))
            {
                continue;
            }
            foreach (var file in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories))
            {
                var rel = Path.GetRelativePath(dataDir, file).Replace('\\', '/');
                if (rel.EndsWith(".yaml", StringComparison.Ordinal) || rel.EndsWith(".yml", StringComparison.Ordinal) || rel == "world/countries.csv")
                {
                    sources.Add(new RuleSource(rel, File.ReadAllText(file)));
                }
            }
        }
        return Load(sources);
    }

    /// <summary>The hash <see cref="Load"/> would give these sources.</summary>
    public static string HashOf(IEnumerable<RuleSource> sources)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var s in sources.OrderBy(s => s.Path, StringComparer.Ordinal))
        {
            sha.AppendData(Encoding.UTF8.GetBytes(s.Path));
            sha.AppendData([0]);
            sha.AppendData(Encoding.UTF8.GetBytes(Normalise(s.Text)));
            sha.AppendData([0]);
        }
        return "sha256:" + Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    internal static string Normalise(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static RuleSet LoadEmbedded()
    {
        var asm = typeof(RuleSet).Assembly;
        var sources = new List<RuleSource>();
        foreach (var name in asm.GetManifestResourceNames().Where(n => n.StartsWith("data/", StringComparison.Ordinal)))
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            sources.Add(new RuleSource(name["data/".Length..], reader.ReadToEnd()));
        }
        var load = Load(sources);
        return load.Set ?? throw new InvalidOperationException(
            "The built-in rule set is invalid (run ./musubi rules check): " + string.Join("; ", load.Problems.Take(5)));
    }
}
