using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;
using Musubi.Testing;

namespace Musubi.Web.Tests.Transfers;

/// <summary>Saving, reading, reproducing and re-checking transfer checks, on one provider (the subclasses pick it).</summary>
public abstract class SavedChecksTests(MusubiFactory factory)
{
    protected async Task SaveThenReproduce_MatchesTheSavedAnswerAsync()
    {
        var client = factory.ClientAs("us-acq");

        var response = await client.PostAsync("/api/transfers/evaluate?save=true&marking=CUI//REL%20TO%20USA,%20JPN", Cases.Json(Cases.PatriotAfter));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = saved.GetProperty("checkId").GetString()!;
        Assert.StartsWith("TC-", id, StringComparison.Ordinal);
        Assert.Equal("/api/transfers/checks/" + id, response.Headers.Location?.ToString());
        var hash = saved.GetProperty("ruleSetHash").GetString();

        var check = await client.GetFromJsonAsync<JsonElement>("/api/transfers/checks/" + id);
        Assert.Equal(hash, check.GetProperty("ruleSetHash").GetString());
        Assert.Equal(saved.GetProperty("verdict").GetString(), check.GetProperty("verdict").GetString());
        Assert.Equal("CUI//REL TO USA, JPN", check.GetProperty("marking").GetString());
        Assert.Equal("PATRIOT-TO-US-2023", check.GetProperty("input").GetProperty("id").GetString());
        Assert.Equal("us-acq", check.GetProperty("createdBy").GetString());

        var list = await client.GetFromJsonAsync<JsonElement>("/api/transfers/checks?program=Patriot");
        Assert.Contains(list.GetProperty("items").EnumerateArray(), c => c.GetProperty("id").GetString() == id);

        var reproduce = await client.PostAsync($"/api/transfers/checks/{id}/reproduce", null);
        Assert.Equal(HttpStatusCode.OK, reproduce.StatusCode);
        var r = await reproduce.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.GetProperty("matches").GetBoolean());
        Assert.Equal(check.GetProperty("verdict").GetString(), r.GetProperty("reproducedVerdict").GetString());
        Assert.Equal(hash, r.GetProperty("currentRuleSetHash").GetString());

        // The rule set's files are stored once, under its hash, and the save was audited in the same transaction.
        await using var db = factory.Database.NewContext(AccessScope.System);
        var version = await db.RuleSetVersions.SingleAsync(v => v.Hash == hash);
        Assert.Contains("rules/jp/", version.SourcesJson, StringComparison.Ordinal);
        Assert.True(await db.AuditEvents.AnyAsync(e => e.Type == AuditTypes.RecordCreated && e.Object == "transfers/checks/" + id && e.PrincipalId == "us-acq"));
    }

    /// <summary>
    /// A check saved under another rule set (here: the default one plus a rule that denies every export from Japan)
    /// reproduces under that set, and re-checking against the current rules reports its verdict change.
    /// </summary>
    protected async Task SavedUnderOtherRules_ReproducesThemAndRecheckReportsTheChangeAsync()
    {
        var current = RuleSet.LoadDefault();
        var extra = new RuleSource("rules/jp/zz-test-embargo.yaml", """
            rules:
              - id: JP_TEST_EMBARGO
                jurisdiction: JP
                title: Test embargo on every export from Japan
                effective_from: 2000-01-01
                effect: deny
                when:
                  - from: JP
                citation: "test fixture"
                confidence: L
            """);
        var load = RuleSet.Load([.. current.Sources, extra]);
        Assert.True(load.Set is not null, string.Join("\n", load.Problems));
        var clock = factory.Database.Clock;
        var stricter = new TransferService(clock, load.Set);
        string id;
        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            var input = stricter.Read(Cases.PatriotAfter);
            Assert.True(input.Ok);
            var audit = new AuditTrail(new AuditLog(clock, AuditOptions.For(factory.Database.Target)), "test", "local");
            var saved = await stricter.SaveAsync(db, stricter.Evaluate(input), new Marking(), audit);
            id = saved[0].Id;
            Assert.Equal("prohibited", saved[0].Verdict);
        }

        var r = await factory.ClientAs("us-acq").PostAsync($"/api/transfers/checks/{id}/reproduce", null);
        var reproduction = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(reproduction.GetProperty("matches").GetBoolean(), reproduction.ToString());
        Assert.Equal(load.Set!.Hash, reproduction.GetProperty("ruleSetHash").GetString());
        Assert.Equal("prohibited", reproduction.GetProperty("reproducedVerdict").GetString());
        Assert.NotEqual("prohibited", reproduction.GetProperty("currentVerdict").GetString());

        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            var report = await new TransferService(clock, current).RecheckAsync(db);
            var change = Assert.Single(report.Changes, c => c.Id == id);
            Assert.Equal("prohibited", change.SavedVerdict);
            Assert.NotEqual("prohibited", change.CurrentVerdict);
        }
    }
}

public abstract class SavedChecksPolicyTests(MusubiFactory factory)
{
    /// <summary>Re-checking reads saved checks through the one access policy: a NOFORN check is re-evaluated for a U.S. reader, not for a Japanese one.</summary>
    protected async Task Recheck_ReadsOnlyWhatTheReaderMayReadAsync()
    {
        using var started = factory.ClientAs(null); // starts the host, which loads the demo principals
        var current = RuleSet.LoadDefault();
        var embargo = new RuleSource("rules/jp/zz-policy.yaml", $$"""
            rules:
              - { id: JP_TEST_POLICY, jurisdiction: JP, title: "policy {{Guid.NewGuid():N}}", effective_from: 2000-01-01, effect: deny, when: { from: JP }, citation: "test fixture" }
            """);
        var stricter = new TransferService(factory.Database.Clock, RuleSet.Load([.. current.Sources, embargo]).Set!);
        string id;
        await using (var db = factory.Database.NewContext(AccessScope.System))
        {
            var audit = new AuditTrail(new AuditLog(factory.Database.Clock, AuditOptions.For(factory.Database.Target)), "test", "local");
            var noforn = Marking.TryParse("CUI//NOFORN", null, out _)!;
            id = (await stricter.SaveAsync(db, stricter.Evaluate(stricter.Read(Cases.PatriotAfter)), noforn, audit))[0].Id;
        }
        var service = new TransferService(factory.Database.Clock, current);
        async Task<RecheckReport> AsAsync(string principalId)
        {
            await using var db = factory.Database.NewContext(AccessScope.System);
            var principal = await db.Principals.AsNoTracking().SingleAsync(p => p.Id == principalId);
            db.Scope = AccessScope.For(principal, factory.Database.Clock);
            return await service.RecheckAsync(db);
        }

        Assert.Contains((await AsAsync("us-acq")).Changes, c => c.Id == id);
        Assert.DoesNotContain((await AsAsync("jp-atla")).Changes, c => c.Id == id);
    }
}

public sealed class SqliteSavedChecksPolicyTests(MusubiFactory factory) : SavedChecksPolicyTests(factory), IClassFixture<MusubiFactory>
{
    [Fact]
    public Task Recheck_ReadsOnlyWhatTheReaderMayRead() => Recheck_ReadsOnlyWhatTheReaderMayReadAsync();
}

public sealed class SqliteSavedChecksTests(MusubiFactory factory) : SavedChecksTests(factory), IClassFixture<MusubiFactory>
{
    private readonly MusubiFactory _factory = factory;

    [Fact]
    public Task SaveThenReproduce_MatchesTheSavedAnswer() => SaveThenReproduce_MatchesTheSavedAnswerAsync();

    [Fact]
    public Task SavedUnderOtherRules_ReproducesThemAndRecheckReportsTheChange() => SavedUnderOtherRules_ReproducesThemAndRecheckReportsTheChangeAsync();

    [Fact]
    public async Task Reproducing_a_check_whose_stored_rule_set_no_longer_loads_is_a_409_problem_not_a_server_error()
    {
        var current = RuleSet.LoadDefault();
        // A rule set of its own (unique text, so no earlier test has loaded and cached it).
        var extra = new RuleSource("rules/jp/zz-unique.yaml", $$"""
            rules:
              - { id: JP_TEST_UNIQUE, jurisdiction: JP, title: "unique {{Guid.NewGuid():N}}", effective_from: 2000-01-01, effect: deny, when: { from: KP }, citation: "test fixture" }
            """);
        var set = RuleSet.Load([.. current.Sources, extra]).Set!;
        var clock = _factory.Database.Clock;
        var service = new TransferService(clock, set);
        string id;
        await using (var db = _factory.Database.NewContext(AccessScope.System))
        {
            var audit = new AuditTrail(new AuditLog(clock, AuditOptions.For(_factory.Database.Target)), "test", "local");
            id = (await service.SaveAsync(db, service.Evaluate(service.Read(Cases.PatriotAfter)), new Marking(), audit))[0].Id;
            // As if a later Musubi's loader refused what an earlier one stored.
            var version = await db.RuleSetVersions.SingleAsync(v => v.Hash == set.Hash);
            version.SourcesJson = """[{"path":"rules/jp/broken.yaml","text":"rules: [ {"}]""";
            await db.SaveChangesAsync();
        }

        var response = await _factory.ClientAs("us-acq").PostAsync($"/api/transfers/checks/{id}/reproduce", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("no longer loads", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_NeedsACheckerRole()
    {
        var anonymous = await _factory.ClientAs(null).PostAsync("/api/transfers/evaluate?save=true", Cases.Json(Cases.PatriotAfter));
        var viewer = await _factory.ClientAs("us-analyst").PostAsync("/api/transfers/evaluate?save=true", Cases.Json(Cases.PatriotAfter));
        var compliance = await _factory.ClientAs("jp-compliance").PostAsync("/api/transfers/evaluate?save=true", Cases.Json(Cases.PatriotAfter));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, viewer.StatusCode);
        Assert.Equal(HttpStatusCode.Created, compliance.StatusCode);
    }

    [Fact]
    public async Task SavedNoFornCheck_IsInvisibleToAJapaneseReader()
    {
        var saved = await (await _factory.ClientAs("us-acq").PostAsync("/api/transfers/evaluate?save=true&marking=CUI//NOFORN", Cases.Json(Cases.PatriotBefore)))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = saved.GetProperty("checkId").GetString()!;

        var japanese = _factory.ClientAs("jp-atla");
        Assert.Equal(HttpStatusCode.NotFound, (await japanese.GetAsync("/api/transfers/checks/" + id)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await japanese.PostAsync($"/api/transfers/checks/{id}/reproduce", null)).StatusCode);
        var list = await japanese.GetStringAsync("/api/transfers/checks?pageSize=500");
        Assert.DoesNotContain(id, list, StringComparison.Ordinal);
        var anonymousList = await _factory.ClientAs(null).GetStringAsync("/api/transfers/checks?pageSize=500");
        Assert.DoesNotContain(id, anonymousList, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _factory.ClientAs("us-acq").GetAsync("/api/transfers/checks/" + id)).StatusCode);
        Assert.Contains(id, await _factory.ClientAs("us-acq").GetStringAsync("/api/transfers/checks?pageSize=500"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_WithAMarkingTheSaverCouldNotRead_Returns400()
    {
        var response = await _factory.ClientAs("jp-atla").PostAsync("/api/transfers/evaluate?save=true&marking=CUI//NOFORN", Cases.Json(Cases.PatriotAfter));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("marking", out _), errors.ToString());
    }

    [Fact]
    public async Task Save_WithAMalformedMarking_Returns400()
    {
        var response = await _factory.ClientAs("us-acq").PostAsync("/api/transfers/evaluate?save=true&marking=SECRET//PIZZA", Cases.Json(Cases.PatriotAfter));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task GetUnknownCheck_Returns404Problem()
    {
        var response = await _factory.ClientAs("us-acq").GetAsync("/api/transfers/checks/TC-nope");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

public sealed class PostgresSavedChecksTests(PostgresMusubiFactory factory) : SavedChecksTests(factory), IClassFixture<PostgresMusubiFactory>
{
    [PostgresFact]
    public Task SaveThenReproduce_MatchesTheSavedAnswer() => SaveThenReproduce_MatchesTheSavedAnswerAsync();

    [PostgresFact]
    public Task SavedUnderOtherRules_ReproducesThemAndRecheckReportsTheChange() => SavedUnderOtherRules_ReproducesThemAndRecheckReportsTheChangeAsync();
}

public sealed class PostgresSavedChecksPolicyTests(PostgresMusubiFactory factory) : SavedChecksPolicyTests(factory), IClassFixture<PostgresMusubiFactory>
{
    [PostgresFact]
    public Task Recheck_ReadsOnlyWhatTheReaderMayRead() => Recheck_ReadsOnlyWhatTheReaderMayReadAsync();
}
