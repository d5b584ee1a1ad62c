using System.Text;
using CsCheck;
using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>
/// What the transfer-rules and transfer-case fuzz targets found (docs/fuzzing.md), and the fast case reader's promise
/// of reading exactly what <see cref="TransferCaseReader"/> reads.
/// </summary>
public sealed class FuzzFindingTests
{
    private static CaseRead Read(string json) => TransferCaseReader.Read(json, RealRules.Set);

    [Theory]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component","name":"\ud800"}}""", "item.name")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"},"id":"a\udc00b"}""", "id")]
    [InlineData("""{"date":"\ud800","from":"JP","to":"US","item":{"kind":"component"}}""", "date")]
    [InlineData("""{"date":"2024-01-01","from":"\ud800","to":"US","item":{"kind":"component"}}""", "from")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"},"channel":"\ud800"}""", "channel")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"},"facts":{"\ud800":true}}""", "facts.(a name with an unpaired surrogate)")]
    [InlineData("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"},"\ud800":1}""", "(a name with an unpaired surrogate)")]
    public void An_unpaired_surrogate_escape_is_a_problem_naming_the_field_not_an_exception(string json, string field)
    {
        // System.Text.Json parses "\ud800" but throws when asked for the string: the reader threw (a 500 from the API).
        var read = Read(json);
        Assert.Empty(read.Cases);
        Assert.Contains(read.Problems, p => p.Field == field);
        Assert.Null(TransferCaseFastReader.ReadCase(Encoding.UTF8.GetBytes(json), RealRules.Set, null, []));
    }

    [Fact]
    public void A_json_key_with_a_line_break_is_named_on_one_line()
    {
        var read = Read("""{"date":"2024-01-01","from":"JP","to":"US","item":{"kind":"component"},"ex\ntra\u2028":1}""");
        var problem = Assert.Single(read.Problems);
        Assert.Equal("ex\\ntra\\u2028", problem.Field);
        Assert.DoesNotContain('\n', problem.ToString());
    }

    [Theory]
    [InlineData("3", "case")]
    [InlineData("\"JP\"", "case")]
    [InlineData("[{\"date\":\"x\"}, 3]", "[1]")]
    public void A_case_that_is_not_an_object_is_named(string json, string field)
    {
        // The field was empty (": expected a JSON object"), naming nothing.
        Assert.Contains(Read(json).Problems, p => p.Field == field && p.Message == "expected a JSON object (a case)");
    }

    [Fact]
    public void A_json_error_quoting_several_lines_of_input_is_one_line()
    {
        var read = Read("{\"date\": \"2024-01-01\",\n \"x\": tru\n,\n \"y\": 1}");
        var problem = Assert.Single(read.Problems);
        Assert.Equal("json", problem.Field);
        Assert.DoesNotContain('\n', problem.ToString());
    }

    [Fact]
    public void A_yaml_key_with_a_line_break_is_named_on_one_line()
    {
        var jp = MiniRuleSet.JpRules.Replace("    title: Baseline ban\n", "    title: Baseline ban\n    \"a\\nb\\u202e\": 1\n", StringComparison.Ordinal);
        Assert.NotEqual(MiniRuleSet.JpRules, jp);
        var load = RuleSet.Load(MiniRuleSet.Sources(jp));
        Assert.Null(load.Set);
        var problem = Assert.Single(load.Problems);
        Assert.Equal("JP_BAN.a\\nb\\u202E", problem.Field);
        Assert.DoesNotContain('\n', problem.ToString());
    }

    [Fact]
    public void A_nul_byte_yamldotnet_cannot_represent_is_a_located_problem()
    {
        // YamlDotNet threw ArgumentException ("the current event is of an unsupported type") out of the loader.
        var load = RuleSet.Load(MiniRuleSet.Sources("#\0: n"));
        Assert.Null(load.Set);
        var problem = Assert.Single(load.Problems);
        Assert.Equal(("rules/jp/rules.yaml", "yaml"), (problem.File, problem.Field));
    }

    [Fact]
    public void The_fast_reader_reads_every_generated_case_as_the_reader_does()
    {
        CaseGen.Case.Sample(c =>
        {
            var json = TransferJson.Serialize(c);
            var slow = Assert.Single(Read(json).Cases);
            var fast = TransferCaseFastReader.ReadCase(Encoding.UTF8.GetBytes(json), RealRules.Set, null, []);
            Assert.NotNull(fast);
            Assert.Equal(TransferJson.Serialize(slow), TransferJson.Serialize(fast));
        });
    }

    [Fact]
    public void The_fast_reader_gives_the_readers_problems_for_damaged_cases()
    {
        // Cut, duplicate or retype a piece of a valid case: whatever the reader says, the fast reader says too.
        var damage = Gen.Select(CaseGen.Case, Gen.Int[0, 5], Gen.Int[0, 1000]);
        damage.Sample((c, how, at) =>
        {
            var json = TransferJson.Serialize(c);
            var i = at % json.Length;
            var damaged = how switch
            {
                0 => json[..i],
                1 => json.Insert(i, ","),
                2 => json.Replace("\"JP\"", "\"jp\"", StringComparison.Ordinal),
                3 => json.Replace("\"kind\":", "\"kind\":1,\"kind\":", StringComparison.Ordinal),
                4 => json.Replace("\"date\":\"", "\"date\":\"1", StringComparison.Ordinal),
                _ => json.Replace("\"to\":", "\"t\\u006f\":", StringComparison.Ordinal),
            };
            var slow = Read(damaged);
            var problems = new List<CaseProblem>();
            var fast = TransferCaseFastReader.ReadCase(Encoding.UTF8.GetBytes(damaged), RealRules.Set, null, problems);
            if (slow.Cases.Count == 1 && !slow.WasArray)
            {
                Assert.Equal(TransferJson.Serialize(slow.Cases[0]), fast is null ? string.Join("; ", problems) : TransferJson.Serialize(fast));
            }
            else
            {
                Assert.Null(fast);
                Assert.Equal(slow.Problems, problems);
            }
        });
    }
}
