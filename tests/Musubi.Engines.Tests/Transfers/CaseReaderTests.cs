using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>Bad input gets a clear error naming the field, and no case is half-read.</summary>
public sealed class CaseReaderTests
{
    private readonly RuleSet set = MiniRuleSet.Load();

    private IReadOnlyList<CaseProblem> Problems(string json, DateOnly? latest = null)
    {
        var read = TransferCaseReader.Read(json, set, latest);
        Assert.Empty(read.Cases);
        Assert.NotEmpty(read.Problems);
        return read.Problems;
    }

    [Fact]
    public void A_valid_case_reads_every_field_and_round_trips()
    {
        const string json = """
            { "id": "c1", "date": "2024-03-26", "from": "JP", "to": "AU",
              "item": { "name": "fighter", "kind": "finished_equipment", "weapon": true, "origin": "JP", "coDevelopers": ["JP","GB"],
                        "program": "GCAP", "mde": true, "sme": true, "usml": "VIII", "mtcrCategory": 2, "uas": false, "maxSpeedKmh": 2000 },
              "channel": "government", "recipient": "government", "valueUsd": 25000000, "purpose": "joint_development",
              "facts": { "destinationFightingOngoing": false } }
            """;
        var read = TransferCaseReader.Read(json, set);
        Assert.Empty(read.Problems);
        Assert.False(read.WasArray);
        var c = Assert.Single(read.Cases);
        Assert.Equal(("c1", new DateOnly(2024, 3, 26), "GB", 2, 25_000_000m, false), (c.Id, c.Date, c.Item.CoDevelopers[1], c.Item.MtcrCategory!.Value, c.ValueUsd!.Value, c.Facts["destinationFightingOngoing"]));
        var again = TransferCaseReader.Read(TransferJson.Serialize(c), set);
        Assert.Equal(TransferJson.Serialize(c), TransferJson.Serialize(Assert.Single(again.Cases)));
    }

    [Fact]
    public void Malformed_json_gives_line_and_column()
    {
        var p = Assert.Single(Problems("{\n  \"date\": \"2024-01-01\",\n  \"from\": JP\n}"));
        Assert.Equal("json", p.Field);
        Assert.Equal(3L, p.Line);
        Assert.True(p.Column > 1);
    }

    [Fact]
    public void Json_nested_past_the_depth_limit_is_one_clean_problem_with_line_and_column()
    {
        var p = Assert.Single(Problems(new string('[', 100) + new string(']', 100)));
        Assert.Equal(("json", 1L), (p.Field, p.Line!.Value));
        Assert.DoesNotContain("LineNumber", p.Message, StringComparison.Ordinal);
        Assert.Contains("depth", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_date_and_required_fields_are_each_named()
    {
        var problems = Problems("""{ "from": "JP", "item": { } }""");
        Assert.Contains(problems, p => p.Field == "date" && p.Message.StartsWith("required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "to");
        Assert.Contains(problems, p => p.Field == "item.kind" && p.Message.Contains("finished_equipment", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("1966-12-31", "before 1967-01-01")]
    [InlineData("2024-02-30", "not a date")]
    [InlineData("26/03/2024", "not a date")]
    [InlineData("2040-01-01", "after 2036-12-01")]
    public void Dates_out_of_range_or_malformed_are_refused(string date, string message)
    {
        var p = Assert.Single(Problems($$"""{ "date": "{{date}}", "from": "JP", "to": "AU", "item": { "kind": "component" } }""", new DateOnly(2036, 12, 1)));
        Assert.Equal("date", p.Field);
        Assert.Contains(message, p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_codes_list_the_valid_values()
    {
        var problems = Problems("""{ "date": "2024-01-01", "from": "jp", "to": "XX", "item": { "kind": "tank", "category": "attack" }, "channel": "post", "facts": { "raining": true } }""");
        Assert.Contains(problems, p => p.Field == "from" && p.Message.Contains("did you mean JP?", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "to" && p.Message.Contains("AU, DE, FR, GB, JP, KR, UA, US", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "item.kind" && p.Message.Contains("valid: finished_equipment, component, technology, service", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "item.category" && p.Message.Contains("rescue", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "channel" && p.Message.Contains("fms, dcs, government, commercial", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Field == "facts.raining" && p.Message.Contains("destinationFightingOngoing", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "JP", "item": { "kind": "component" } }""", "to", "same country")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component", "licensor": "US" }, "purpose": "return_to_licensor" }""", "purpose", "not item.licensor")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "service", "mde": true } }""", "item.kind", "cannot be major defense equipment")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "technology", "category": "rescue" } }""", "item.category", "finished equipment")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component", "licensor": "US", "madeIn": "US" } }""", "item.licensor", "licensor's own country")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component", "mtcrCategory": 3 } }""", "item.mtcrCategory", "outside")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component" }, "valueUsd": -1 }""", "valueUsd", "outside")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component", "usml": "XXX" } }""", "item.usml", "not a USML category")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component", "weapon": "yes" } }""", "item.weapon", "not true or false")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component" }, "colour": "red" }""", "colour", "unknown field")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component" }, " ": 1 }""", "\" \"", "unknown field")]
    [InlineData("""{ "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component" }, "": 1 }""", "\"\"", "unknown field")]
    public void Contradictory_or_wrongly_typed_fields_are_named(string json, string field, string message)
    {
        var problems = Problems(json);
        Assert.Contains(problems, p => p.Field == field && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void In_an_array_every_bad_case_is_named_by_index_and_none_is_returned()
    {
        var read = TransferCaseReader.Read("""
            [ { "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component" } },
              { "date": "2024-01-01", "from": "JP", "to": "AU" },
              { "date": "x", "from": "JP", "to": "AU", "item": { "kind": "component" } } ]
            """, set);
        Assert.True(read.WasArray);
        Assert.Empty(read.Cases);
        Assert.Equal(["[1].item", "[2].date"], read.Problems.Select(p => p.Field));
    }

    [Fact]
    public void Each_problem_carries_the_line_and_column_of_its_field_or_of_the_case_missing_it()
    {
        var read = TransferCaseReader.Read("""
            [
              { "date": "2024-01-01", "from": "JP", "to": "AU", "item": { "kind": "component" } },
              { "date": "2024-01-01", "from": "JP", "to": "AU" },
              { "date": "2024-01-01", "from": "JP", "to": "AU",
                "item": { "kind": "tank" } }
            ]
            """, set);
        Assert.Equal(
            [("[1].item", 3L, 3L), ("[2].item.kind", 5L, 15L)],
            read.Problems.Select(p => (p.Field, p.Line!.Value, p.Column!.Value)));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"case\"")]
    public void Non_cases_are_refused(string json) => Assert.NotEmpty(Problems(json));
}
