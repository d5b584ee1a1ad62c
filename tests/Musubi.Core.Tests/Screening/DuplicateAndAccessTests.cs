using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Testing;

namespace Musubi.Core.Tests.Screening;

/// <summary>Registry entity resolution (scan, merge, distinct) and who may see screening data, on both databases.</summary>
public sealed class DuplicateAndAccessTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private const string Lei = "5493001KJTIIGC8Y1R12";

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Scan_FindsOrganizationsSharingAnIdentifier_AndANameAcrossScripts(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.AddOrganizationAsync("org-uvz", "Uralvagonzavod", "RU");
        await f.AddOrganizationAsync("org-uvz-ru", "Уралвагонзавод", "RU");
        await f.AddOrganizationAsync("org-acme", "Acme Precision Machining", "US", identifiers: [("lei", Lei)]);
        await f.AddOrganizationAsync("org-acme-kk", "Zenith Tooling", "US", identifiers: [("lei", Lei)]);
        await f.AddOrganizationAsync("org-other", "Blue Harbor Shipbuilding", "JP");

        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        var report = await service.ScanDuplicatesAsync(null, f.Trail("writer"));
        var found = (await service.ListDuplicatesAsync(DuplicateCandidate.Open)).Items;
        Assert.Equal(found.Count, report.Open);
        Assert.Contains(found, c => c.FirstOrganizationId == "org-uvz" && c.SecondOrganizationId == "org-uvz-ru");
        var shared = Assert.Single(found, c => c.FirstOrganizationId == "org-acme" && c.SecondOrganizationId == "org-acme-kk");
        Assert.Contains(Lei, shared.SharedIdentifiers, StringComparison.Ordinal);
        Assert.DoesNotContain(found, c => c.FirstOrganizationId == "org-other" || c.SecondOrganizationId == "org-other");

        // A second scan proposes nothing new; a pair marked distinct is not proposed again.
        var again = await service.ScanDuplicatesAsync(null, f.Trail("writer"));
        Assert.Equal(0, again.New);
        var distinct = await service.DecideDuplicateAsync(shared.Id, "distinct", f.Trail("writer"));
        Assert.Equal(DuplicateCandidate.Distinct, distinct!.Candidate.Status);
        await Assert.ThrowsAsync<ScreeningConflictException>(() => service.DecideDuplicateAsync(shared.Id, "merge", f.Trail("writer")));
        await service.ScanDuplicatesAsync(null, f.Trail("writer"));
        Assert.DoesNotContain((await service.ListDuplicatesAsync(DuplicateCandidate.Open)).Items, c => c.FirstOrganizationId == "org-acme");
        await Assert.ThrowsAsync<ScreeningInputException>(() => service.DecideDuplicateAsync(shared.Id, "maybe", f.Trail()));
        await Assert.ThrowsAsync<ScreeningInputException>(() => service.ScanDuplicatesAsync(1.5, f.Trail()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Scans_RunningAtTheSameTime_AllSucceed_AndProposeEachPairOnce(string provider)
    {
        // Concurrent scans read the same registry and try to add the same pairs; the loser of the race starts over
        // from what the winner wrote (the API fuzz found a 500 here before).
        await using var f = await ScreeningFixture.CreateAsync(provider);
        for (var i = 0; i < 12; i++)
        {
            await f.AddOrganizationAsync($"org-a{i}", $"Kestrel Optical Systems {i}", "US", identifiers: [("cage", $"1AB{i:D2}")]);
            await f.AddOrganizationAsync($"org-b{i}", $"Kestrel Optical Systems {i} Inc.", "US", identifiers: [("cage", $"1AB{i:D2}")]);
        }
        var scans = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
        {
            await using var db = f.Context(ScreeningFixture.American);
            return await f.Service(db).ScanDuplicatesAsync(null, f.Trail("writer"));
        })).ToList();
        var reports = await Task.WhenAll(scans);
        Assert.All(reports, r => Assert.True(r.Open >= 12, $"{r.Open} open"));
        await using var system = f.Context();
        var pairs = await system.DuplicateCandidates.IgnoreQueryFilters().Select(c => c.FirstOrganizationId + "|" + c.SecondOrganizationId).ToListAsync();
        Assert.Equal(pairs.Count, pairs.Distinct().Count());
        Assert.All(Enumerable.Range(0, 12), i => Assert.Contains($"org-a{i}|org-b{i}", pairs));
        Assert.Equal(reports.Sum(r => r.New), pairs.Count);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Merge_KeepsTheFirst_MovesNamesIdentifiersAndEveryReference_DeletesTheSecond_AndIsAudited(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.ImportAsync(ScreeningFixture.ExampleList);
        var first = await f.AddOrganizationAsync("org-acme", "Acme Precision Machining", "US", identifiers: [("lei", Lei)]);
        await f.AddOrganizationAsync("org-acme-2", "Zenith Tooling", "US", nameJa: "ゼニス・ツーリング", identifiers: [("lei", Lei), ("cage", "1ABC2")]);
        await using (var setup = f.Context())
        {
            var second = await setup.Organizations.SingleAsync(o => o.Id == "org-acme-2");
            second.Certifications.Add(new Certification { Kind = "AS9100", Level = "D" });
            setup.Organizations.Add(new Organization
            {
                Id = "org-child",
                Country = "US",
                Name = "Zenith Tooling West",
                Names = [new OrganizationName { Lang = "en", Value = "Zenith Tooling West", Primary = true }],
                ParentId = "org-acme-2",
            });
            setup.Facilities.Add(new Facility { Id = "fac-zenith", OrganizationId = "org-acme-2", Name = "Zenith plant", Country = "US" });
            setup.Principals.Add(new Principal { Id = "zenith-user", Name = "Zenith user", Nationality = "US", OrganizationId = "org-acme-2" });
            await setup.SaveChangesAsync();
        }
        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        var record = await service.ScreenAsync(new ScreenRequest("Zenith Tooling", OrganizationId: "org-acme-2"), f.Trail());
        await service.ScanDuplicatesAsync(null, f.Trail("writer"));
        var candidate = Assert.Single((await service.ListDuplicatesAsync(DuplicateCandidate.Open)).Items, c => c.SecondOrganizationId == "org-acme-2");
        Assert.Equal(first.Id, candidate.FirstOrganizationId);

        var decided = await service.DecideDuplicateAsync(candidate.Id, "merge", f.Trail("writer"));
        Assert.Equal(DuplicateCandidate.Merged, decided!.Candidate.Status);
        Assert.Equal("org-acme", decided.KeptOrganizationId);
        Assert.Equal(1, decided.Moved!.Facilities);

        await using var system = f.Context();
        Assert.False(await system.Organizations.AnyAsync(o => o.Id == "org-acme-2"));
        var kept = await system.Organizations.SingleAsync(o => o.Id == "org-acme");
        Assert.Equal("Acme Precision Machining", kept.Name);
        Assert.Contains(kept.Names, n => n.Value == "Zenith Tooling" && !n.Primary);
        Assert.Contains(kept.Names, n => n.Value == "ゼニス・ツーリング" && n.Lang == "ja");
        Assert.Equal("ゼニス・ツーリング", kept.NameJa);
        Assert.Single(kept.Identifiers, i => i.Scheme == "lei");
        Assert.Contains(kept.Identifiers, i => i.Scheme == "cage" && i.Value == "1ABC2");
        Assert.Contains(kept.Certifications, c => c.Kind == "AS9100");
        Assert.Contains("zenith tooling", kept.SearchText, StringComparison.Ordinal);
        Assert.Contains("1abc2", kept.SearchText, StringComparison.Ordinal);
        Assert.Equal("org-acme", (await system.Facilities.SingleAsync(x => x.Id == "fac-zenith")).OrganizationId);
        Assert.Equal("org-acme", (await system.Organizations.SingleAsync(x => x.Id == "org-child")).ParentId);
        Assert.Equal("org-acme", (await system.Principals.SingleAsync(x => x.Id == "zenith-user")).OrganizationId);
        Assert.Equal("org-acme", (await system.ScreeningRecords.SingleAsync(x => x.Id == record.Id)).OrganizationId);

        var merged = await system.AuditEvents.SingleAsync(e => e.Type == ScreeningAuditTypes.OrganizationMerged);
        Assert.Equal("writer", merged.PrincipalId);
        var detail = JsonNode.Parse(merged.Detail!)!;
        Assert.Equal("org-acme", (string?)detail["kept"]!["id"]);
        Assert.Equal("Acme Precision Machining", (string?)detail["kept"]!["name"]);
        Assert.Equal("org-acme-2", (string?)detail["merged"]!["id"]);
        Assert.Equal("Zenith Tooling", (string?)detail["merged"]!["name"]);
        Assert.True(await system.AuditEvents.AnyAsync(e => e.Type == ScreeningAuditTypes.DuplicateDecided));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Merge_RollsUpTheMarking_SoTheSecondsNamesStayAsProtectedAsTheyWere(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.AddOrganizationAsync("org-open", "Kestrel Optics", "US", identifiers: [("lei", Lei)]);
        await f.AddOrganizationAsync("org-closed", "Kestrel Optical Systems", "US", ScreeningFixture.NoForn, identifiers: [("lei", Lei)]);
        await using var db = f.Context(ScreeningFixture.American);
        var service = f.Service(db);
        await service.ScanDuplicatesAsync(null, f.Trail());
        var candidate = Assert.Single((await service.ListDuplicatesAsync(DuplicateCandidate.Open)).Items);
        await service.DecideDuplicateAsync(candidate.Id, "merge", f.Trail());
        await using var system = f.Context();
        var kept = await system.Organizations.SingleAsync();
        Assert.True(kept.Marking.NoForn);
        await using var japanese = f.Context(ScreeningFixture.Japanese);
        Assert.Equal(0, await japanese.Organizations.CountAsync());
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task AReaderWhoMayNotSeeAnOrganization_NeverSeesItsRecordsAlertsOrDuplicates(string provider)
    {
        await using var f = await ScreeningFixture.CreateAsync(provider);
        await f.AddOrganizationAsync("org-secret", "Northwind Avionics", "CN", ScreeningFixture.NoForn, identifiers: [("lei", Lei)]);
        await f.AddOrganizationAsync("org-secret-2", "Northwind Avionics Co", "CN", ScreeningFixture.NoForn, identifiers: [("lei", Lei)]);
        await f.AddOrganizationAsync("org-open", "Acme Precision Machining", "US");
        await f.ImportAsync(ScreeningFixture.ExampleList + ScreeningFixture.Ftm("x-northwind", "Northwind Avionics Corporation", "cn") + "\n");

        string recordId, alertId, candidateId;
        await using (var us = f.Context(ScreeningFixture.American))
        {
            var service = f.Service(us);
            recordId = (await service.ScreenAsync(new ScreenRequest("Northwind Avionics", OrganizationId: "org-secret"), f.Trail("us-officer"))).Id;
            alertId = (await service.ListAlertsAsync(new ScreeningAlertQuery())).Items.First(a => a.OrganizationId == "org-secret").Id;
            await service.ScanDuplicatesAsync(null, f.Trail("us-officer"));
            candidateId = Assert.Single((await service.ListDuplicatesAsync(null)).Items).Id;
            Assert.NotNull(await service.GetRecordAsync(recordId));
        }

        await using var jp = f.Context(ScreeningFixture.Japanese);
        var japanese = f.Service(jp);
        Assert.Null(await japanese.GetRecordAsync(recordId));
        Assert.DoesNotContain((await japanese.ListRecordsAsync(new ScreeningRecordQuery())).Items, r => r.OrganizationId is "org-secret" or "org-secret-2");
        Assert.Empty(await japanese.GetRecordsAsync([recordId]));
        Assert.Empty(await japanese.GetDecisionsAsync([recordId]));
        Assert.Empty((await japanese.ListAlertsAsync(new ScreeningAlertQuery())).Items);
        Assert.Null(await japanese.AcknowledgeAlertAsync(alertId, f.Trail("jp-officer")));
        Assert.Empty((await japanese.ListDuplicatesAsync(null)).Items);
        Assert.Null(await japanese.GetDuplicateAsync(candidateId));
        Assert.Null(await japanese.DecideDuplicateAsync(candidateId, "merge", f.Trail("jp-officer")));
        Assert.Empty(await japanese.HitsOfAsync("org-secret"));
        var refused = await Assert.ThrowsAsync<ScreeningInputException>(() => japanese.ScreenAsync(new ScreenRequest("Northwind", OrganizationId: "org-secret"), f.Trail("jp-officer")));
        Assert.Contains("organizationId", refused.Errors.Keys);
        Assert.Null(await japanese.ReviewAsync(recordId, ScreeningRecord.FalsePositive, null, f.Trail("jp-officer")));
        Assert.Null(await japanese.IssueCertificateAsync(recordId, f.Trail("jp-officer")));

        // What a Japanese officer's own re-screen and scan report counts nothing of the NOFORN organizations.
        var rescreen = await japanese.RescreenRegistryAsync(f.Trail("jp-officer"));
        Assert.Equal(1, rescreen.Organizations);
        var scan = await japanese.ScanDuplicatesAsync(null, f.Trail("jp-officer"));
        Assert.Equal(0, scan.Open);

        // The records and alerts are still there for those who may see them.
        await using var us2 = f.Context(ScreeningFixture.American);
        Assert.NotNull(await f.Service(us2).GetRecordAsync(recordId));
        Assert.NotEmpty((await f.Service(us2).ListAlertsAsync(new ScreeningAlertQuery())).Items);
    }
}
