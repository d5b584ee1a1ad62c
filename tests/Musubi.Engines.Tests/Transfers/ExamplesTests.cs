using System.Text.Json;
using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>
/// The shared examples (../shared/examples/transfer_cases.json, copied into Transfers/examples): "allowed" means permitted or
/// permitted with approval; listed approvals must be among the answer's; a listed notification must be among the answer's.
/// </summary>
public sealed class ExamplesTests
{
    public static TheoryData<string> Ids()
    {
        using var doc = JsonDocument.Parse(RealRules.Fixture("examples/transfer_cases.json"));
        var data = new TheoryData<string>();
        foreach (var el in doc.RootElement.EnumerateArray())
        {
            data.Add(el.GetProperty("case").GetProperty("id").GetString()!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Example_gets_the_expected_answer(string id)
    {
        using var doc = JsonDocument.Parse(RealRules.Fixture("examples/transfer_cases.json"));
        var example = doc.RootElement.EnumerateArray().Single(el => el.GetProperty("case").GetProperty("id").GetString() == id);
        var c = RealRules.ReadCase(example.GetProperty("case"));
        var result = RealRules.Engine.Evaluate(c);
        var expect = example.GetProperty("expect");
        var because = TransferJson.Serialize(result, indented: true);
        switch (expect.GetProperty("verdict").GetString())
        {
            case "allowed":
                Assert.True(result.Verdict != TransferVerdict.Prohibited, because);
                break;
            case var v:
                Assert.True(RealRules.ParseVerdict(v!) == result.Verdict, because);
                break;
        }
        if (expect.TryGetProperty("approvals", out var approvals))
        {
            foreach (var a in approvals.EnumerateArray())
            {
                Assert.True(result.Approvals.Contains(a.GetString()!), $"missing {a.GetString()}\n{because}");
            }
        }
        if (expect.TryGetProperty("notification", out var n))
        {
            if (n.ValueKind == JsonValueKind.Null)
            {
                Assert.True(result.Notifications.Count == 0, because);
            }
            else
            {
                Assert.True(result.Notifications.Any(x => x.Section == n.GetProperty("section").GetString() && x.ReviewDays == n.GetProperty("reviewDays").GetInt32()), because);
            }
        }
    }

    [Fact]
    public void The_copy_matches_the_shared_examples_when_they_are_present()
    {
        var shared = Path.Combine(RealRules.RepoRoot, "..", "shared", "examples", "transfer_cases.json");
        if (!File.Exists(shared))
        {
            return; // a clone without the shared folder beside it checks the copy alone
        }
        Assert.Equal(File.ReadAllText(shared), RealRules.Fixture("examples/transfer_cases.json"));
    }
}
