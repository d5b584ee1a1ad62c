using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>The product's rule set (data/rules + data/world, embedded at build time) and the fixtures that test it.</summary>
internal static class RealRules
{
    public static RuleSet Set => RuleSet.LoadDefault();

    public static readonly TransferEngine Engine = new(RuleSet.LoadDefault());

    public static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Musubi.slnx")))
            {
                dir = dir.Parent;
            }
            if (dir is not null)
            {
                return dir.FullName;
            }
            // Built with --artifacts-path outside the clone: the build recorded where the repository is.
            var recorded = typeof(RealRules).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
                .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;
            return File.Exists(Path.Combine(recorded, "Musubi.slnx")) ? recorded.TrimEnd('/') : throw new InvalidOperationException("repository root not found");
        }
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Transfers", name));

    public static TransferCase ReadCase(JsonElement el)
    {
        var problems = new List<CaseProblem>();
        var c = TransferCaseReader.ReadCase(el, "", Set, null, problems);
        Assert.True(c is not null, el.GetRawText() + "\n" + string.Join("\n", problems));
        return c!;
    }

    public static TransferVerdict ParseVerdict(string s) => s switch
    {
        "permitted" => TransferVerdict.Permitted,
        "permitted_with_approval" => TransferVerdict.PermittedWithApproval,
        "prohibited" => TransferVerdict.Prohibited,
        _ => throw new ArgumentException("unknown verdict " + s),
    };
}
