using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Musubi.Engines.Screening;

namespace Musubi.Engines.Tests.Screening;

/// <summary>
/// The denied-party list readers (docs/formats.md, "Screening lists"): each format reads its sample whole, and every
/// kind of bad input is a <see cref="ListFormatException"/> whose problems name the line and the field — nothing half-read.
/// </summary>
public sealed class ListReaderTests
{
    private static readonly string Examples = Path.Combine(AppContext.BaseDirectory, "Screening", "examples");

    private static byte[] Example(string name) => File.ReadAllBytes(Path.Combine(Examples, name));

    private static ListReadResult Read(byte[] bytes, ListFormat format, string name = "list")
    {
        using var stream = new MemoryStream(bytes);
        return ListReaders.Read(stream, format, name);
    }

    private static ListReadResult Read(string text, ListFormat format) => Read(Encoding.UTF8.GetBytes(text), format);

    private static IReadOnlyList<ListProblem> Problems(byte[] bytes, ListFormat format)
    {
        var ex = Assert.Throws<ListFormatException>(() => Read(bytes, format));
        Assert.NotEmpty(ex.Problems);
        return ex.Problems;
    }

    private static IReadOnlyList<ListProblem> Problems(string text, ListFormat format) => Problems(Encoding.UTF8.GetBytes(text), format);

    private static ListProblem Single(string text, ListFormat format) => Assert.Single(Problems(text, format));

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static ScreeningEntity ById(ListReadResult r, string id) => Assert.Single(r.Entities, e => e.Id == id);

    private static string[] Names(ScreeningEntity e, NameKind kind) => e.Names.Where(n => n.Kind == kind).Select(n => n.Value).ToArray();

    // ---- FollowTheMoney ----

    [Fact]
    public void Ftm_the_shared_example_list_reads_whole()
    {
        var bytes = Example("list.ftm.jsonl");
        var r = Read(bytes, ListFormat.FollowTheMoney);
        Assert.Equal(ListFormat.FollowTheMoney, r.Format);
        Assert.Equal(["x-calt", "x-caep", "x-bit", "x-uvz", "x-ktrv", "x-ryonbong", "x-namchongang", "x-iei"], r.Entities.Select(e => e.Id));
        var calt = ById(r, "x-calt");
        Assert.Equal("Organization", calt.Schema);
        Assert.Equal(["China Academy of Launch Vehicle Technology"], Names(calt, NameKind.Name));
        Assert.Equal(["中国运载火箭技术研究院"], Names(calt, NameKind.Alias));
        Assert.Equal(["CALT"], Names(calt, NameKind.WeakAlias));
        Assert.Equal(["CN"], calt.Countries);
        Assert.Equal("Company", ById(r, "x-uvz").Schema);
        Assert.Equal(["RU"], ById(r, "x-uvz").Countries);
        Assert.Equal(r.Entities.Sum(e => e.Names.Count), r.NameCount);
        Assert.Equal(23, r.NameCount);
        Assert.Equal(Sha256(bytes), r.ContentHash);
        Assert.Equal(0, r.Skipped);
    }

    [Fact]
    public void Ftm_maps_identifiers_countries_and_programs_and_skips_what_is_not_a_party()
    {
        const string text = """
            {"id":"e1","schema":"Company","properties":{"name":["  Acme   Rocket\tWorks "],"previousName":["Acme Old"],"abbreviation":["ARW"],"leiCode":["5493001KJTIIGC8Y1R12"],"imoNumber":["IMO 9123456"],"registrationNumber":["1027700000000"],"cageCode":["1ABC2"],"uniqueEntityId":["ABCDEFGH1234"],"innCode":["7700000000"],"idNumber":["ignored"],"country":["ru","suhh","zz"],"jurisdiction":["cy"],"mainCountry":["ru"],"topics":["sanction"],"program":["RUSSIA-EO14024"]},"datasets":["us_ofac_sdn"]}
            {"id":"e2","schema":"Person","properties":{"name":["Jane Roe"],"nationality":["ir"],"citizenship":["Iran"]},"datasets":["un_sc_sanctions","eu_fsf"],"referents":["x"]}
            {"id":"s1","schema":"Sanction","properties":{"entity":["e1"],"program":["RUSSIA-EO14024"]}}

            {"id":"a1","schema":"Address","properties":{"full":["Moscow"]}}
            """;
        var r = Read(text, ListFormat.FollowTheMoney);
        Assert.Equal(2, r.Entities.Count);
        Assert.Equal(2, r.Skipped);
        var e1 = ById(r, "e1");
        Assert.Equal(["Acme Rocket Works"], Names(e1, NameKind.Name));
        Assert.Equal(["Acme Old"], Names(e1, NameKind.Alias));
        Assert.Equal(["ARW"], Names(e1, NameKind.WeakAlias));
        Assert.Equal(["RU", "CY"], e1.Countries);
        Assert.Equal(
            [("lei", "5493001KJTIIGC8Y1R12"), ("cage", "1ABC2"), ("uei", "ABCDEFGH1234"), ("imo", "9123456"), ("registration", "1027700000000"), ("other", "7700000000")],
            e1.Identifiers.Select(i => (i.Scheme, i.Value)));
        Assert.Equal(["RUSSIA-EO14024", "sanction"], e1.Programs);
        var e2 = ById(r, "e2");
        Assert.Equal(["IR"], e2.Countries);
        Assert.Equal(["un_sc_sanctions", "eu_fsf"], e2.Programs);
    }

    [Fact]
    public void Ftm_accepts_a_bom_crlf_and_a_missing_last_line_break()
    {
        var bytes = Encoding.UTF8.GetBytes("\uFEFF{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\r\n\r\n{\"id\":\"b\",\"schema\":\"Vessel\",\"properties\":{\"name\":[\"B\"]}}");
        var r = Read(bytes, ListFormat.FollowTheMoney);
        Assert.Equal(["a", "b"], r.Entities.Select(e => e.Id));
        Assert.Equal(Sha256(bytes), r.ContentHash);
    }

    [Fact]
    public void Ftm_a_malformed_line_is_named_with_the_parser_message()
    {
        var p = Single("{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n{\"id\": \"b\", schema}\n", ListFormat.FollowTheMoney);
        Assert.Equal((2, "(json)"), (p.Line, p.Field));
        Assert.StartsWith("malformed JSON: ", p.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", p.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ftm_invalid_utf8_names_its_line()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}\n\n")
            .Concat("{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{\"name\":[\"B"u8.ToArray()).Append((byte)0xC3).Append((byte)0x28)
            .Concat("\"]}}\n"u8.ToArray()).ToArray();
        var p = Assert.Single(Problems(bytes, ListFormat.FollowTheMoney));
        Assert.Equal(new ListProblem(3, "(encoding)", "not valid UTF-8 (save the file as UTF-8; Shift_JIS, Latin-1 and UTF-16 are not accepted)"), p);
    }

    [Theory]
    [InlineData("""{"schema":"Person","properties":{"name":["A"]}}""", "id", "is required")]
    [InlineData("""{"id":"  ","schema":"Person","properties":{"name":["A"]}}""", "id", "is required")]
    [InlineData("""{"id":7,"schema":"Person","properties":{"name":["A"]}}""", "id", "must be a string, not a number")]
    [InlineData("""{"id":"a","schema":"Person","properties":{"alias":["A"]}}""", "properties.name", "is required (an entity needs a name that is not blank)")]
    [InlineData("""{"id":"a","schema":"Person","properties":{"name":["   "]}}""", "properties.name", "is required (an entity needs a name that is not blank)")]
    [InlineData("""{"id":"a","schema":"Person"}""", "properties.name", "is required (an entity needs a name that is not blank)")]
    [InlineData("""{"id":"a","schema":"Person","properties":{"name":["A\u0007B"]}}""", "properties.name", "contains a control character (U+0007)")]
    [InlineData("""{"id":"a","schema":"Person","properties":{"name":[42]}}""", "properties.name", "must be an array of strings, but holds a number")]
    [InlineData("""{"id":"a","schema":"Person","properties":"x"}""", "properties", "must be an object, not a string")]
    [InlineData("""{"id":"a","properties":{"name":["A"]}}""", "schema", "is required (e.g. \"Organization\")")]
    [InlineData("""{"id":"a","schema":"Spaceship","properties":{"name":["A"]}}""", "schema", "unknown schema 'Spaceship' (expected one of Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane)")]
    [InlineData("""["not","an","entity"]""", "(json)", "expected a JSON object (one entity per line), not an array")]
    [InlineData("""{"id":"a","schema":"Person","properties":{"name":["\ud800"]}}""", "properties.name", "is not valid text (an escaped unpaired surrogate such as \\ud800)")]
    [InlineData("""{"id":"a","schema":"Person","properties":{"name":["A"],"\udc00":["x"]}}""", "(json)", "a key is not valid text (an escaped unpaired surrogate such as \\ud800)")]
    public void Ftm_a_bad_entity_names_its_line_and_field(string entity, string field, string message)
    {
        var text = "{\"id\":\"ok\",\"schema\":\"Person\",\"properties\":{\"name\":[\"Fine\"]}}\n" + entity + "\n";
        Assert.Equal(new ListProblem(2, field, message), Single(text, ListFormat.FollowTheMoney));
    }

    [Fact]
    public void Ftm_names_and_aliases_over_1000_characters_are_refused()
    {
        var ok = new string('a', 1000);
        var r = Read($$$"""{"id":"a","schema":"Person","properties":{"name":["{{{ok}}}"]}}""", ListFormat.FollowTheMoney);
        Assert.Equal(1000, r.Entities[0].Names[0].Value.Length);
        var problems = Problems($$$"""
            {"id":"a","schema":"Person","properties":{"name":["{{{ok}}}b"]}}
            {"id":"b","schema":"Person","properties":{"name":["B"],"alias":["{{{ok}}}b"]}}
            """, ListFormat.FollowTheMoney);
        Assert.Equal(
            [new ListProblem(1, "properties.name", "is 1,001 characters long; at most 1,000"), new ListProblem(2, "properties.alias", "is 1,001 characters long; at most 1,000")],
            problems);
    }

    [Fact]
    public void Ftm_a_duplicate_id_names_the_first_line()
    {
        var p = Single("""
            {"id":"a","schema":"Person","properties":{"name":["A"]}}
            {"id":"b","schema":"Person","properties":{"name":["B"]}}
            {"id":"a","schema":"Company","properties":{"name":["C"]}}
            """, ListFormat.FollowTheMoney);
        Assert.Equal(new ListProblem(3, "id", "duplicate id 'a' (first on line 1)"), p);
    }

    [Theory]
    [InlineData("", "no entities (the file is empty)")]
    [InlineData("\n  \n\r\n", "no entities (the file is empty)")]
    [InlineData("{\"id\":\"s\",\"schema\":\"Sanction\",\"properties\":{}}\n", "no parties: the file holds 1 entities, none of them of a schema screened (Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane)")]
    public void Ftm_a_file_without_entities_is_refused(string text, string message)
    {
        Assert.Equal(new ListProblem(0, "(file)", message), Single(text, ListFormat.FollowTheMoney));
    }

    [Fact]
    public void Ftm_problems_are_collected_up_to_100_and_summarized()
    {
        var text = string.Concat(Enumerable.Range(1, 150).Select(i => $"{{\"id\":\"e{i}\",\"schema\":\"Person\",\"properties\":{{}}}}\n"));
        var ex = Assert.Throws<ListFormatException>(() => Read(Encoding.UTF8.GetBytes(text), ListFormat.FollowTheMoney, "big.jsonl"));
        Assert.Equal(ListReaders.MaxProblems, ex.Problems.Count);
        Assert.Equal(Enumerable.Range(1, 100), ex.Problems.Select(p => p.Line));
        Assert.StartsWith("big.jsonl is not a usable list (100 problems (reading stopped there)): big.jsonl:1:properties.name: is required", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("; and 97 more", ex.Message, StringComparison.Ordinal);
        Assert.Equal("big.jsonl", ex.FileName);
    }

    [Fact]
    public void Ftm_several_problems_in_one_entity_are_all_reported()
    {
        var problems = Problems("""{"schema":"Planet","properties":{"name":[""]}}""", ListFormat.FollowTheMoney);
        Assert.Equal(["schema", "id", "properties.name"], problems.Select(p => p.Field));
        Assert.All(problems, p => Assert.Equal(1, p.Line));
    }

    // ---- U.S. Consolidated Screening List, CSV ----

    [Fact]
    public void Csl_csv_sample_reads_whole()
    {
        var bytes = Example("lists/csl-sample.csv");
        var r = Read(bytes, ListFormat.CslCsv);
        Assert.Equal(ListFormat.CslCsv, r.Format);
        Assert.Equal(Sha256(bytes), r.ContentHash);
        Assert.Equal(5, r.Entities.Count);

        var caep = ById(r, "sample-el-caep");
        Assert.Equal("Organization", caep.Schema);
        Assert.Equal(["China Academy of Engineering Physics"], Names(caep, NameKind.Name));
        Assert.Equal(["Ninth Academy", "Southwest Computing Center", "Southwest Institute of Fluid Physics"], Names(caep, NameKind.Alias));
        Assert.Equal(["CAEP"], Names(caep, NameKind.WeakAlias));
        Assert.Equal(["CN"], caep.Countries);
        Assert.Equal(["Entity List (EL) - Bureau of Industry and Security"], caep.Programs);

        var ryonbong = ById(r, "SDN-90001");
        Assert.Equal(["KP"], ryonbong.Countries);
        Assert.Equal([new EntityIdentifier("registration", "SAMPLE-0001")], ryonbong.Identifiers);
        Assert.Equal(["Specially Designated Nationals (SDN) - Treasury Department", "NPWMD", "DPRK"], ryonbong.Programs);

        var vessel = ById(r, "SDN-90002");
        Assert.Equal("Vessel", vessel.Schema);
        Assert.Equal([new EntityIdentifier("imo", "8660313")], vessel.Identifiers);
        Assert.Empty(vessel.Countries);

        var person = Assert.Single(r.Entities, e => e.Schema == "Person");
        Assert.StartsWith("csl-", person.Id, StringComparison.Ordinal);
        Assert.Equal(["IR", "IQ"], person.Countries);
        Assert.Equal(["Person, Sample"], Names(person, NameKind.Alias));
        Assert.Equal(r.Entities.Sum(e => e.Names.Count), r.NameCount);
    }

    [Fact]
    public void Csl_csv_made_ids_do_not_depend_on_the_line()
    {
        const string header = "source,type,name,alt_names\n";
        var a = Read(header + "ISN,Entity,Alpha Co,\nISN,Entity,Beta Co,\nISN,Entity,Alpha Co,\n", ListFormat.CslCsv);
        var b = Read(header + "ISN,Entity,Beta Co,\nISN,Entity,Alpha Co,\n", ListFormat.CslCsv);
        Assert.Equal(a.Entities[0].Id, b.Entities[1].Id);
        Assert.Equal(a.Entities[1].Id, b.Entities[0].Id);
        Assert.Equal(a.Entities[0].Id + "-2", a.Entities[2].Id);
    }

    private const string CslHeader = "_id,source,entity_number,type,programs,name,addresses,alt_names,ids\n";

    [Theory]
    [InlineData("a,EL,,Entity,,,\"x, CN\",,", 2, "name", "is required (an entity needs a name that is not blank)")]
    [InlineData("a,EL,,Robot,,Acme,,,", 2, "type", "unknown type 'Robot' (expected Individual, Entity, Vessel, Aircraft or empty)")]
    [InlineData("a,EL,,Entity,,Acme", 2, "(row)", "has 6 fields; the header has 9")]
    [InlineData("ok,EL,,Entity,,Fine,,,\nok,EL,,Entity,,Other,,,", 3, "_id", "duplicate id 'ok' (first on line 2)")]
    [InlineData(",SDN (SDN) - Treasury,7,Entity,,A,,,\n,SDN (SDN) - Treasury,7,Entity,,B,,,", 3, "entity_number", "duplicate entity number '7' in 'SDN (SDN) - Treasury' (first on line 2)")]
    [InlineData("a,EL,,Entity,,\"Acme\x01\",,,", 2, "name", "contains a control character (U+0001)")]
    [InlineData("a,EL,,Entity,,\"Acme,,,\nb,EL,,Entity,,Other,,,", 2, "(row)", "malformed CSV: a quoted value is never closed (a missing '\"'?)")]
    [InlineData("a,EL,,Entity,,\"Acme\"x,,,", 2, "(row)", "malformed CSV: text after a closing quote (a quote inside a quoted value must be doubled: \"\")")]
    public void Csl_csv_a_bad_row_names_its_line_and_field(string rows, int line, string field, string message)
    {
        Assert.Equal(new ListProblem(line, field, message), Single(CslHeader + rows + "\n", ListFormat.CslCsv));
    }

    [Fact]
    public void Csl_csv_a_header_without_name_or_without_rows_is_refused()
    {
        var p = Single("_id,source,alt_names\na,b,c\n", ListFormat.CslCsv);
        Assert.Equal((1, "(header)"), (p.Line, p.Field));
        Assert.StartsWith("no 'name' column", p.Message, StringComparison.Ordinal);
        Assert.Equal(new ListProblem(0, "(file)", "no entities (the file has a header and no rows)"), Single(CslHeader, ListFormat.CslCsv));
        Assert.Equal(new ListProblem(0, "(file)", "no entities (the file is empty)"), Single("", ListFormat.CslCsv));
    }

    [Fact]
    public void Csl_csv_lines_count_quoted_line_breaks_and_invalid_utf8_names_its_line()
    {
        var p = Single(CslHeader + "a,EL,,Entity,,\"Two\nLines\",,,\nb,EL,,Robot,,B,,,\n", ListFormat.CslCsv);
        Assert.Equal((4, "type"), (p.Line, p.Field));
        var bytes = Encoding.UTF8.GetBytes(CslHeader + "a,EL,,Entity,,A,,,\r\n").Concat(new byte[] { 0x62, 0xFF, 0x0A }).ToArray();
        var q = Assert.Single(Problems(bytes, ListFormat.CslCsv));
        Assert.Equal((3, "(encoding)"), (q.Line, q.Field));
    }

    // ---- U.S. Consolidated Screening List, JSON ----

    [Fact]
    public void Csl_json_sample_reads_whole()
    {
        var bytes = Example("lists/csl-sample.json");
        var r = Read(bytes, ListFormat.CslJson);
        Assert.Equal(ListFormat.CslJson, r.Format);
        Assert.Equal(Sha256(bytes), r.ContentHash);
        Assert.Equal(4, r.Entities.Count);
        var caep = ById(r, "sample-el-caep");
        Assert.Equal(["CAEP"], Names(caep, NameKind.WeakAlias));
        Assert.Equal(["CN"], caep.Countries);
        Assert.Equal(["NWPU"], Names(ById(r, "sample-el-nwpu"), NameKind.WeakAlias));
        var sdn = ById(r, "SDN-90001");
        Assert.Equal([new EntityIdentifier("registration", "SAMPLE-0001")], sdn.Identifiers);
        Assert.Equal(["Specially Designated Nationals (SDN) - Treasury Department", "NPWMD", "DPRK"], sdn.Programs);
        var made = Assert.Single(r.Entities, e => e.Id.StartsWith("csl-", StringComparison.Ordinal));
        Assert.Equal("LegalEntity", made.Schema);
    }

    [Fact]
    public void Csl_json_a_bad_result_names_the_line_where_it_starts()
    {
        const string json = """
            {"total": 3, "results": [
              {"id": "a", "name": "Alpha", "type": "Entity"},
              {
                "id": "b",
                "type": "Entity",
                "alt_names": ["Beta"]
              },
              {"id": "c", "name": "Gamma", "addresses": "x", "alt_names": [1]}
            ]}
            """;
        var problems = Problems(json, ListFormat.CslJson);
        Assert.Equal(
            [
                new ListProblem(3, "name", "is required (an entity needs a name that is not blank)"),
                new ListProblem(8, "alt_names", "must be an array of strings, but holds a number"),
            ],
            problems);
    }

    [Theory]
    [InlineData("""{"total": 0}""", 1, "results", "is missing: a Consolidated Screening List JSON file is {\"total\": …, \"results\": [ … ]}")]
    [InlineData("""{"results": {}}""", 1, "results", "must be an array of records")]
    [InlineData("""{"results": []}""", 0, "(file)", "no entities (the results array is empty)")]
    [InlineData("", 0, "(file)", "no entities (the file is empty)")]
    [InlineData("\"text\"", 1, "(json)", "expected an object with a \"results\" array (or an array of results)")]
    [InlineData("{\"results\": [\n 1\n]}", 2, "(json)", "a result must be an object, not a number")]
    [InlineData("{\"results\": [\n {\"id\": \"a\", \"name\": \"A\"},\n {\"id\": \"a\", \"name\": \"B\"}\n]}", 3, "id", "duplicate id 'a' (first on line 2)")]
    [InlineData("{\"results\": [\n {\"id\": \"a\", \"name\": \"A\", \"type\": \"Person\"}\n]}", 2, "type", "unknown type 'Person' (expected Individual, Entity, Vessel, Aircraft or empty)")]
    [InlineData("{\"results\": [\n {\"id\": \"a\", \"name\": \"\\ud800\"}\n]}", 2, "name", "is not valid text (an escaped unpaired surrogate such as \\ud800)")]
    public void Csl_json_shape_problems_are_named(string json, int line, string field, string message)
    {
        Assert.Equal(new ListProblem(line, field, message), Single(json, ListFormat.CslJson));
    }

    [Fact]
    public void Csl_json_malformed_json_names_the_line_and_a_bare_array_of_results_is_read()
    {
        var p = Single("{\"results\": [\n {\"id\": \"a\", \"name\": \"A\"},\n {\"id\": \"b\" \"name\": \"B\"}\n]}", ListFormat.CslJson);
        Assert.Equal((3, "(json)"), (p.Line, p.Field));
        Assert.StartsWith("malformed JSON: ", p.Message, StringComparison.Ordinal);
        var trailing = Single("{\"results\": [{\"id\": \"a\", \"name\": \"A\"}]} x", ListFormat.CslJson);
        Assert.Equal((1, "(json)"), (trailing.Line, trailing.Field));
        var r = Read("[{\"id\": \"a\", \"name\": \"A\", \"type\": \"Individual\", \"nationalities\": \"IR, SY\"}]", ListFormat.CslJson);
        Assert.Equal("Person", r.Entities[0].Schema);
        Assert.Equal(["IR", "SY"], r.Entities[0].Countries);
    }

    // ---- plain CSV ----

    [Fact]
    public void Plain_csv_sample_reads_whole_and_round_trips()
    {
        var bytes = Example("lists/plain-sample.csv");
        var r = Read(bytes, ListFormat.PlainCsv);
        Assert.Equal(ListFormat.PlainCsv, r.Format);
        Assert.Equal(Sha256(bytes), r.ContentHash);
        Assert.Equal(["pl-calt", "pl-caep", "pl-ktrv", "pl-multi"], r.Entities.Select(e => e.Id));
        var caep = ById(r, "pl-caep");
        Assert.Equal(["中国工程物理研究院", "Ninth Academy"], Names(caep, NameKind.Alias));
        Assert.Equal(["CAEP"], Names(caep, NameKind.WeakAlias));
        Assert.Equal(["CN"], caep.Countries);
        Assert.Equal("LegalEntity", caep.Schema);
        var ktrv = ById(r, "pl-ktrv");
        Assert.Equal(["Tactical Missiles Corporation, JSC"], Names(ktrv, NameKind.Name));
        Assert.Equal([new EntityIdentifier("other", "SAMPLE-7700000000"), new EntityIdentifier("lei", "SAMPLE0000000000LEI1")], ktrv.Identifiers);
        var multi = ById(r, "pl-multi");
        Assert.Equal(["Sample Holdings \"Illustrative\" Ltd."], Names(multi, NameKind.Name));
        Assert.Equal(["Sample Holdings Limited"], Names(multi, NameKind.Alias));
        Assert.Equal(["HK", "CN"], multi.Countries);

        var again = Read(PlainCsvText(r.Entities), ListFormat.PlainCsv);
        Assert.Equal(Describe(r.Entities), Describe(again.Entities));
    }

    private static string PlainCsvText(IReadOnlyList<ScreeningEntity> entities) => PlainCsv.Write(entities);

    private static string Describe(IEnumerable<ScreeningEntity> entities) => string.Join("\n", entities.Select(e =>
        $"{e.Id}|{string.Join(";", e.Names.Select(n => n.Kind + ":" + n.Value))}|{string.Join(";", e.Countries)}|{string.Join(";", e.Identifiers.Select(i => i.Scheme + ":" + i.Value))}"));

    private const string PlainHeader = "id,name,aliases,country,identifiers\n";

    [Theory]
    [InlineData("a,Acme,,CHN,", "country", "'CHN' is not a country code (two letters, ISO 3166-1 alpha-2, e.g. CN)")]
    [InlineData("a,Acme,,C1,", "country", "'C1' is not a country code (two letters, ISO 3166-1 alpha-2, e.g. CN)")]
    [InlineData("a,Acme,,,vat:DE123", "identifiers", "unknown identifier scheme 'vat' (expected one of lei, cage, uei, jcn, imo, duns, registration, other)")]
    [InlineData("a,Acme,,,lei", "identifiers", "'lei' is not scheme:value (e.g. lei:5493001KJTIIGC8Y1R12)")]
    [InlineData("a,Acme,,,lei:  ", "identifiers", "'lei:' is not scheme:value (e.g. lei:5493001KJTIIGC8Y1R12)")]
    [InlineData(",Acme,,,", "id", "is required")]
    [InlineData("a, ,,,", "name", "is required (an entity needs a name that is not blank)")]
    [InlineData("a,Acme,~ ,,", "aliases", "'~' marks a weak alias but none follows")]
    [InlineData("a,Acme,,", "(row)", "has 4 fields; expected 5 (id,name,aliases,country,identifiers)")]
    public void Plain_csv_a_bad_row_names_its_line_and_field(string row, string field, string message)
    {
        Assert.Equal(new ListProblem(2, field, message), Single(PlainHeader + row + "\n", ListFormat.PlainCsv));
    }

    [Fact]
    public void Plain_csv_header_bom_duplicates_and_line_numbers()
    {
        var bom = Read("\uFEFFID, Name ,aliases,country,identifiers\r\na,A,,,\r\n", ListFormat.PlainCsv);
        Assert.Equal("a", Assert.Single(bom.Entities).Id);

        var header = Single("id,name,country\na,A,CN\n", ListFormat.PlainCsv);
        Assert.Equal(new ListProblem(1, "(header)", "expected the header id,name,aliases,country,identifiers, found 'id,name,country'"), header);

        var dup = Single(PlainHeader + "a,A,\"x\ny\",,\nb,B,,,\na,C,,,\n", ListFormat.PlainCsv);
        Assert.Equal(new ListProblem(5, "id", "duplicate id 'a' (first on line 2)"), dup);

        var longAlias = Single(PlainHeader + "a,A," + new string('x', 1001) + ",,\n", ListFormat.PlainCsv);
        Assert.Equal(new ListProblem(2, "aliases", "is 1,001 characters long; at most 1,000"), longAlias);
    }

    // ---- detection and names ----

    [Theory]
    [InlineData("entities.ftm.jsonl", "", ListFormat.FollowTheMoney)]
    [InlineData("targets.NDJSON", "", ListFormat.FollowTheMoney)]
    [InlineData("entities.ftm.json", "{\"id\":\"a\",\"schema\":\"Person\"}", ListFormat.FollowTheMoney)]
    [InlineData("consolidated.json", "\uFEFF{\"total\": 3, \"results\" :\n [ {", ListFormat.CslJson)]
    [InlineData("consolidated.json", "[{\"id\":\"a\"}]", ListFormat.CslJson)]
    [InlineData("consolidated.csv", "_id,source,entity_number,type,programs,name,title,addresses", ListFormat.CslCsv)]
    [InlineData("export.CSV", "\"source\",\"name\",\"alt_names\"\r\n", ListFormat.CslCsv)]
    [InlineData("mine.csv", "\uFEFFid,name,aliases,country,identifiers\r\nx,y,,,", ListFormat.PlainCsv)]
    [InlineData("upload", "id,name,aliases,country,identifiers\n", ListFormat.PlainCsv)]
    [InlineData("upload", "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{}}\n", ListFormat.FollowTheMoney)]
    [InlineData("upload", "{\"results\": []}", ListFormat.CslJson)]
    public void Detect_guesses_from_the_name_and_first_line(string name, string head, ListFormat expected)
    {
        Assert.Equal(expected, ListReaders.Detect(name, Encoding.UTF8.GetBytes(head)));
    }

    [Theory]
    [InlineData("people.csv", "id,name,country\n")]
    [InlineData("list.txt", "hello")]
    [InlineData("list.csv", "")]
    [InlineData("upload", "{\"a\": 1}")]
    public void Detect_says_null_when_it_cannot_tell(string name, string head)
    {
        Assert.Null(ListReaders.Detect(name, Encoding.UTF8.GetBytes(head)));
    }

    [Fact]
    public void Format_names_parse_back()
    {
        foreach (var format in Enum.GetValues<ListFormat>())
        {
            Assert.Equal(format, ListReaders.ParseFormat(ListReaders.FormatName(format)));
            Assert.Equal(format, ListReaders.ParseFormat(" " + ListReaders.FormatName(format).ToUpperInvariant() + " "));
        }
        Assert.Equal(ListFormat.FollowTheMoney, ListReaders.ParseFormat("FollowTheMoney"));
        Assert.Null(ListReaders.ParseFormat("xlsx"));
        Assert.Null(ListReaders.ParseFormat(null));
    }

    // ---- properties ----

    private static readonly string[] Fragments =
    [
        "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A\"]}}", "{\"id\":", "\"schema\":\"Company\"", "\"properties\":{",
        "\"name\":[", "\"alias\":[\"x\"]", "\"weakAlias\":", "\"country\":[\"cn\"]", "]", "}", "{", "[", "\"", ",", ":", "\n", "\r\n", "\r",
        "\\ud800", "\\u0000", "null", "1e999", "\"results\":[", "_id,source,name,alt_names,ids", "id,name,aliases,country,identifiers",
        "a,Acme,~AC|Acme Co,CN|JP,lei:X|other:Y", "\"a,\"\"b\"\"\"", "Registration ID, 1, CN; ", "\uFEFF", "\u0007", "中国", "~", "|",
        "Entity", "Individual", "x", " ",
    ];

    private static readonly Gen<byte[]> Inputs = Gen.OneOf(
        Gen.Byte.Array[0, 300],
        Gen.Int[0, Fragments.Length - 1].Array[0, 40].Select(ix => Encoding.UTF8.GetBytes(string.Concat(ix.Select(i => Fragments[i])))),
        Gen.Select(Gen.Int[0, Fragments.Length - 1].Array[0, 40], Gen.Byte.Array[0, 4], (ix, noise) =>
            Encoding.UTF8.GetBytes(string.Concat(ix.Select(i => Fragments[i]))).Concat(noise).ToArray()));

    [Fact]
    public void Arbitrary_bytes_never_throw_anything_but_ListFormatException()
    {
        Inputs.Sample(bytes =>
        {
            foreach (var format in Enum.GetValues<ListFormat>())
            {
                try
                {
                    var r = Read(bytes, format);
                    Assert.NotEmpty(r.Entities);
                    Assert.Equal(Sha256(bytes), r.ContentHash);
                    Assert.Equal(r.Entities.Sum(e => e.Names.Count), r.NameCount);
                    Assert.Equal(r.Entities.Count, r.Entities.Select(e => e.Id).Distinct(StringComparer.Ordinal).Count());
                    Assert.All(r.Entities, e =>
                    {
                        Assert.Contains(e.Names, n => n.Kind == NameKind.Name);
                        Assert.All(e.Names, n => Assert.True(n.Value.Length is > 0 and <= 1000 && n.Value == n.Value.Trim()));
                        Assert.All(e.Countries, c => Assert.Matches("^[A-Z]{2}$", c));
                    });
                }
                catch (ListFormatException ex)
                {
                    Assert.InRange(ex.Problems.Count, 1, ListReaders.MaxProblems);
                    Assert.All(ex.Problems, p =>
                    {
                        Assert.True(p.Line >= 0 && p.Field.Length > 0 && p.Message.Length > 0);
                        Assert.DoesNotContain('\n', p.ToString());
                    });
                    Assert.DoesNotContain('\n', ex.Message);
                }
            }
            _ = ListReaders.Detect("x", bytes);
            _ = ListReaders.Detect("x.json", bytes);
            _ = ListReaders.Detect("x.csv", bytes);
        }, iter: 3000);
    }

    [Fact]
    public void Plain_csv_written_from_what_was_read_reads_back_the_same()
    {
        var names = Gen.OneOf(new[] { "Acme", "中国工程物理研究院", "Tactical, \"Missiles\"", "Two\nLines", "  spaced  ", "x~y", "АО «Корпорация»" });
        var rows = Gen.Select(names, names.Array[0, 3], Gen.OneOf(new[] { "", "CN", "cn|JP" }), Gen.OneOf(new[] { "", "lei:L1", "other:a:b|duns:1" }))
            .Array[1, 6];
        rows.Sample(entities =>
        {
            var csv = PlainHeader + string.Concat(entities.Select((e, i) =>
                string.Join(",", $"id{i}", Field(e.Item1), Field(string.Join("|", e.Item2.Select((a, k) => k == 0 ? "~" + a : a))), e.Item3, e.Item4) + "\n"));
            var first = Read(csv, ListFormat.PlainCsv);
            var second = Read(PlainCsvText(first.Entities), ListFormat.PlainCsv);
            Assert.Equal(Describe(first.Entities), Describe(second.Entities));
        }, iter: 500);
    }

    private static string Field(string v) => "\"" + v.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
