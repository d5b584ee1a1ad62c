using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Musubi.Testing;

namespace Musubi.Core.Tests.Screening;

/// <summary>The screening feature on a real database (SQLite, and PostgreSQL when a server is configured).</summary>
public sealed class ScreeningServiceTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportList_SavesAnActiveVersionWithCountsAndHash_AndTheSameContentAgainAddsNothing(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        var result = await f.ImportAsync(ScreeningFixture.ExampleList, "opensanctions-test", new DateOnly(2026, 3, 1));
        Assert.True(result.Succeeded, string.Join('\n', result.Lines()));
        Assert.False(result.Unchanged);
        var v = result.Version!;
        Assert.Equal(8, v.EntityCount);
        Assert.True(v.NameCount >= 8 + 8, $"names and aliases: {v.NameCount}");
        Assert.Equal(ScreeningJson.Sha256(ScreeningFixture.ExampleList), v.ContentHash);
        Assert.Equal("lv-" + v.ContentHash[..12], v.Id);
        Assert.Equal(ScreeningListVersion.Active, v.Status);
        Assert.Equal("ftm", v.Format);
        Assert.Equal(new DateOnly(2026, 3, 1), v.PublishedOn);

        var again = await f.ImportAsync(ScreeningFixture.ExampleList, "opensanctions-test");
        Assert.True(again.Succeeded);
        Assert.True(again.Unchanged);
        Assert.Equal(v.Id, again.Version!.Id);

        await using var db = f.Context();
        Assert.Equal(1, await db.ScreeningListVersions.CountAsync());
        Assert.Equal(8, await db.ScreeningListEntries.CountAsync(e => e.VersionId == v.Id));
        var entry = await db.ScreeningListEntries.SingleAsync(e => e.EntityId == "x-calt");
        var entity = ScreeningService.ToEntity(entry);
        Assert.Contains(entity.Names, n => n.Value == "CALT" && n.Kind == NameKind.WeakAlias);
        Assert.Equal(["CN"], entity.Countries);
        Assert.Single(await db.AuditEvents.Where(e => e.Type == ScreeningAuditTypes.ListImported).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportList_TwoImportsOfOneSourceAtOnce_LeaveExactlyOneActiveVersion(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        var results = await Task.WhenAll(
            f.ImportAsync(ScreeningFixture.ExampleList, "us-csl"),
            f.ImportAsync(ScreeningFixture.ExampleList + ScreeningFixture.Ftm("x-new", "Northwind Avionics Corporation", "cn") + "\n", "us-csl"));
        Assert.All(results, r => Assert.True(r.Succeeded, string.Join('\n', r.Lines())));
        await using var db = f.Context();
        var versions = await db.ScreeningListVersions.ToListAsync();
        Assert.Equal(2, versions.Count);
        Assert.Single(versions, v => v.Status == ScreeningListVersion.Active);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ImportList_WithOneBadLine_SavesNothing_AndNamesFileLineAndField(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        var lines = ScreeningFixture.ExampleList.TrimEnd('\n').Split('\n').ToList();
        lines.Insert(3, """{"id":"x-bad","schema":"Company","properties":{"name":[""]}}""");
        var result = await f.ImportAsync(string.Join('\n', lines) + "\n", "bad-list", fileName: "bad.ftm.jsonl");
        Assert.False(result.Succeeded);
        Assert.Null(result.Version);
        var error = Assert.Single(result.Errors, e => e.Line == 4);
        Assert.Equal("bad.ftm.jsonl", error.File);
        Assert.StartsWith("bad.ftm.jsonl:4:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("name", error.Field, StringComparison.Ordinal);

        var badSource = await f.ImportAsync(ScreeningFixture.ExampleList, "Not A Key!");
        Assert.False(badSource.Succeeded);
        Assert.Contains("source", badSource.ErrorsByField().Keys);

        await using var db = f.Context();
        Assert.Equal(0, await db.ScreeningListVersions.CountAsync());
        Assert.Equal(0, await db.ScreeningListEntries.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Screen_TheSharedExamples_FindTheExpectedEntities_AndEachRecordNamesTheListVersions(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        var version = (await f.ImportAsync(ScreeningFixture.ExampleList)).Version!;
        await using var input = File.OpenRead(ScreeningFixture.ExampleQueries);
        var csv = ScreeningQueryCsv.Read(input, "queries.csv");
        Assert.True(csv.Ok, string.Join('\n', csv.Problems));
        Assert.Equal(15, csv.Queries.Count);
        var expected = (await File.ReadAllLinesAsync(ScreeningFixture.ExampleQueries)).Skip(1).Select(l => l.Split(','))
            .ToDictionary(c => c[0], c => c[3], StringComparer.Ordinal);

        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        var progress = new List<int>();
        var records = await service.ScreenBatchAsync(csv.Queries, ScreeningOptions.Default, f.Trail(), new SyncProgress(progress.Add));
        Assert.Equal(15, records.Count);
        Assert.NotEmpty(progress);
        foreach (var r in records)
        {
            var want = expected[r.QueryId!];
            Assert.Equal([version.Id], ScreeningService.VersionsOf(r));
            if (want.Length == 0)
            {
                Assert.True(r.Decision == "none", $"{r.QueryId} {r.QueryName}: expected no match, got {r.Decision} {r.BestEntityId} {r.BestScore}");
                Assert.Equal(ScreeningRecord.ReviewNotRequired, r.ReviewStatus);
            }
            else
            {
                Assert.True(r.Decision != "none" && r.BestEntityId == want, $"{r.QueryId} {r.QueryName}: expected {want}, got {r.Decision} {r.BestEntityId} {r.BestScore}");
                Assert.Equal(version.Id, r.BestListVersionId);
                Assert.Equal(ScreeningRecord.ReviewPending, r.ReviewStatus);
            }
        }

        // Saved as returned, with the explanation of the best candidate.
        var saved = await service.GetRecordAsync(records[0].Id);
        Assert.NotNull(saved);
        var outcome = ScreeningService.ResultOf(saved);
        Assert.Equal("x-calt", outcome.Best!.EntityId);
        Assert.Equal("test-list", outcome.Best.Source);
        Assert.NotEmpty(outcome.Best.Explanation.Features);
        await using var system = f.Context();
        Assert.Equal(15, await system.AuditEvents.CountAsync(e => e.Type == ScreeningAuditTypes.Screened));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Screen_RefusesBadInput_AndScreeningWithoutAnyListIsAConflict(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        var none = await Assert.ThrowsAsync<ScreeningConflictException>(() => service.ScreenAsync(new ScreenRequest("Acme"), f.Trail()));
        Assert.Contains("import", none.Message, StringComparison.Ordinal);

        await f.ImportAsync(ScreeningFixture.ExampleList);
        var empty = await Assert.ThrowsAsync<ScreeningInputException>(() => service.ScreenAsync(new ScreenRequest("  "), f.Trail()));
        Assert.Contains("name", empty.Errors.Keys);
        var longName = await Assert.ThrowsAsync<ScreeningInputException>(() => service.ScreenAsync(new ScreenRequest(new string('a', 1001)), f.Trail()));
        Assert.Contains("name", longName.Errors.Keys);
        var country = await Assert.ThrowsAsync<ScreeningInputException>(() => service.ScreenAsync(new ScreenRequest("Acme", "XX"), f.Trail()));
        Assert.Contains("country", country.Errors.Keys);
        var thresholds = await Assert.ThrowsAsync<ScreeningInputException>(() => service.ScreenAsync(new ScreenRequest("Acme", ThresholdMatch: 0.5, ThresholdReview: 0.9), f.Trail()));
        Assert.Contains("thresholdReview", thresholds.Errors.Keys);
        var org = await Assert.ThrowsAsync<ScreeningInputException>(() => service.ScreenAsync(new ScreenRequest("Acme", OrganizationId: "no-such-org"), f.Trail()));
        Assert.Contains("organizationId", org.Errors.Keys);
        Assert.Equal(0, await db.ScreeningRecords.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Review_ThenCertificate_TheBodyNamesTheVersionsAndReviewer_AndItsHashVerifies(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        var version = (await f.ImportAsync(ScreeningFixture.ExampleList, "un-sc", new DateOnly(2026, 2, 28))).Version!;
        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        var record = await service.ScreenAsync(new ScreenRequest("Tactical Missiles Corp", "RU"), f.Trail("screener"));
        Assert.NotEqual("none", record.Decision);
        Assert.Equal(ScreeningRecord.ReviewPending, record.ReviewStatus);

        var early = await Assert.ThrowsAsync<ScreeningConflictException>(() => service.IssueCertificateAsync(record.Id, f.Trail()));
        Assert.Contains("review", early.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ScreeningInputException>(() => service.ReviewAsync(record.Id, "looks fine", null, f.Trail()));

        var reviewed = await service.ReviewAsync(record.Id, ScreeningRecord.ConfirmedMatch, "same company, per the Entity List entry", f.Trail("reviewer"));
        Assert.NotNull(reviewed);
        Assert.Equal(ScreeningRecord.ReviewDone, reviewed.ReviewStatus);
        Assert.Equal("reviewer", reviewed.ReviewedBy);
        await Assert.ThrowsAsync<ScreeningConflictException>(() => service.ReviewAsync(record.Id, ScreeningRecord.Cleared, null, f.Trail()));
        Assert.Null(await service.ReviewAsync("SR-missing", ScreeningRecord.Cleared, null, f.Trail()));

        var certificate = await service.IssueCertificateAsync(record.Id, f.Trail("reviewer"));
        Assert.NotNull(certificate);
        Assert.True(ScreeningService.VerifyCertificate(certificate.Body, certificate.BodyHash));
        Assert.False(ScreeningService.VerifyCertificate(certificate.Body.Replace("confirmed_match", "false_positive", StringComparison.Ordinal), certificate.BodyHash));
        var body = JsonNode.Parse(certificate.Body)!;
        var list = body["lists"]!.AsArray().Single()!;
        Assert.Equal(version.Id, (string?)list["id"]);
        Assert.Equal("un-sc", (string?)list["source"]);
        Assert.Equal(version.ContentHash, (string?)list["contentHash"]);
        Assert.Equal("2026-02-28", (string?)list["publishedOn"]);
        Assert.Equal("x-ktrv", (string?)body["best"]!["entityId"]);
        Assert.NotNull(body["best"]!["explanation"]);
        Assert.Equal("confirmed_match", (string?)body["review"]!["decision"]);
        Assert.Equal("reviewer", (string?)body["review"]!["reviewedBy"]);
        Assert.Equal("Tactical Missiles Corp", (string?)body["query"]!["name"]);

        var stored = await service.GetCertificateAsync(certificate.Id);
        Assert.Equal(certificate.BodyHash, stored!.BodyHash);
        await using var system = f.Context();
        var types = await system.AuditEvents.Select(e => e.Type).ToListAsync();
        Assert.Contains(ScreeningAuditTypes.Reviewed, types);
        Assert.Contains(ScreeningAuditTypes.CertificateIssued, types);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AsOf_ReturnsTheVersionsActiveOnADate(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        var start = f.Database.Clock.GetUtcNow();  // 2026-03-15
        var v1 = (await f.ImportAsync(ScreeningFixture.ExampleList, "us-csl")).Version!;
        f.Database.Clock.Advance(TimeSpan.FromDays(5));  // 2026-03-20
        var v2 = (await f.ImportAsync(ScreeningFixture.ExampleList + ScreeningFixture.Ftm("x-new", "Northwind Avionics Corporation", "cn") + "\n", "us-csl")).Version!;
        var other = (await f.ImportAsync(ScreeningFixture.Ftm("y-1", "Gamma Trading Company", "ir") + "\n", "jp-meti-eul")).Version!;

        await using var db = f.Context(AccessScope.Anonymous);
        var service = f.Service(db);
        Assert.Empty(await service.AsOfAsync(new DateOnly(2026, 3, 14)));
        Assert.Equal([v1.Id], (await service.AsOfAsync(new DateOnly(2026, 3, 15))).Select(v => v.Id));
        Assert.Equal([v1.Id], (await service.AsOfAsync(new DateOnly(2026, 3, 19))).Select(v => v.Id));
        Assert.Equal([other.Id, v2.Id], (await service.AsOfAsync(new DateOnly(2026, 3, 20))).Select(v => v.Id));
        var versions = await service.ListVersionsAsync();
        Assert.Equal(ScreeningListVersion.Superseded, versions.Single(v => v.Id == v1.Id).Status);
        Assert.Equal(ScreeningListVersion.Active, versions.Single(v => v.Id == v2.Id).Status);
        Assert.Equal(start.AddDays(5), versions.Single(v => v.Id == v1.Id).SupersededAt);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task ContinuousScreening_RaisesNewHitWhenAListAddsAnOrganization_AndClearedWhenALaterVersionDropsIt(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.AddOrganizationAsync("org-northwind", "Northwind Avionics", "CN");
        await f.AddOrganizationAsync("org-acme", "Acme Precision Machining", "US");

        var first = await f.ImportAsync(ScreeningFixture.ExampleList, "us-csl");
        Assert.Equal(2, first.Rescreen!.Organizations);
        Assert.Equal(0, first.Rescreen.NewHits);

        f.Database.Clock.Advance(TimeSpan.FromDays(1));
        var listed = ScreeningFixture.ExampleList + ScreeningFixture.Ftm("x-northwind", "Northwind Avionics Corporation", "cn") + "\n";
        var second = await f.ImportAsync(listed, "us-csl");
        Assert.Equal(1, second.Rescreen!.NewHits);
        Assert.Equal(0, second.Rescreen.Cleared);

        await using (var db = f.Context(ScreeningFixture.American))
        {
            var service = f.Service(db);
            var alert = Assert.Single((await service.ListAlertsAsync(new ScreeningAlertQuery())).Items);
            Assert.Equal(ScreeningAlert.NewHit, alert.Kind);
            Assert.Equal("org-northwind", alert.OrganizationId);
            Assert.Equal("x-northwind", alert.EntityId);
            Assert.Equal(second.Version!.Id, alert.ListVersionId);
            Assert.Equal(first.Version!.Id, alert.PreviousVersionId);
            var record = await service.GetRecordAsync(alert.RecordId!);
            Assert.NotNull(record);
            Assert.Equal(ScreeningRecord.ReviewPending, record.ReviewStatus);
            Assert.Equal("org-northwind", record.OrganizationId);
            Assert.Equal(ScreeningService.ContinuousScreener, record.ScreenedBy);
            Assert.Equal("x-northwind", Assert.Single(await service.HitsOfAsync("org-northwind")).EntityId);

            var acknowledged = await service.AcknowledgeAlertAsync(alert.Id, f.Trail());
            Assert.NotNull(acknowledged!.AcknowledgedAt);
            Assert.Empty((await service.ListAlertsAsync(new ScreeningAlertQuery { OpenOnly = true })).Items);
        }

        // Re-screening with nothing changed raises nothing.
        await using (var db = f.Context())
        {
            var again = await f.Service(db).RescreenRegistryAsync(f.Trail());
            Assert.Equal(0, again.NewHits + again.Cleared);
        }

        f.Database.Clock.Advance(TimeSpan.FromDays(1));
        var third = await f.ImportAsync(ScreeningFixture.ExampleList, "us-csl");
        Assert.True(third.Succeeded);
        Assert.False(third.Unchanged);  // the same content as the first version, but not the active one: a new version
        Assert.NotEqual(first.Version.Id, third.Version!.Id);
        Assert.StartsWith(first.Version.Id, third.Version.Id, StringComparison.Ordinal);
        Assert.Equal(1, third.Rescreen!.Cleared);
        await using (var db = f.Context(ScreeningFixture.American))
        {
            var cleared = Assert.Single((await f.Service(db).ListAlertsAsync(new ScreeningAlertQuery { Kind = ScreeningAlert.ClearedHit })).Items);
            Assert.Equal("org-northwind", cleared.OrganizationId);
            Assert.Equal("x-northwind", cleared.EntityId);
            Assert.Equal(third.Version.Id, cleared.ListVersionId);
            Assert.Equal(second.Version.Id, cleared.PreviousVersionId);
            Assert.Empty(await f.Service(db).HitsOfAsync("org-northwind"));
        }
        await using var system = f.Context();
        Assert.Equal(2, await system.AuditEvents.CountAsync(e => e.Type == ScreeningAuditTypes.AlertRaised));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IndexCache_BuildsOncePerSetOfActiveVersions(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.ImportAsync(ScreeningFixture.ExampleList);
        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        var builds = f.Cache.Builds;
        var indexes = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var other = f.Context(ScreeningFixture.American);
            return await f.Service(other).ActiveIndexAsync();
        }));
        Assert.All(indexes, i => Assert.Same(indexes[0], i));
        Assert.Equal(builds, f.Cache.Builds);  // the import's re-screen built it already
        Assert.Equal(8, indexes[0].EntityCount);

        await f.ImportAsync(ScreeningFixture.Ftm("y-1", "Gamma Trading Company", "ir") + "\n", "second-list");
        var after = await service.ActiveIndexAsync();
        Assert.NotSame(indexes[0], after);
        Assert.Equal(9, after.EntityCount);
        var record = await service.ScreenAsync(new ScreenRequest("Gamma Trading Co"), f.Trail());
        Assert.Equal("y-1", record.BestEntityId);
        Assert.Equal(2, ScreeningService.VersionsOf(record).Count);
    }

    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        private readonly Lock _gate = new();

        public void Report(int value)
        {
            lock (_gate)
            {
                report(value);
            }
        }
    }
}
