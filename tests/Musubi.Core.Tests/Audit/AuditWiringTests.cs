using Microsoft.EntityFrameworkCore;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Import;
using Musubi.Core.Features.Registry;
using Musubi.Testing;

namespace Musubi.Core.Tests.Audit;

/// <summary>Registry writes and imports report to the audit log in their own transaction: no write without its record.</summary>
public sealed class AuditWiringTests : IDisposable
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    private readonly TempDirectory _temp = new("musubi-audit-wiring-");

    public void Dispose() => _temp.Dispose();

    private async Task<OrganizationRecord> ImportMinimalAsync(AuditFixture audit)
    {
        await using var db = audit.NewContext();
        var report = await new ImportService(db, audit.Database.Clock).ImportAsync([PackageBuilder.Minimal().Write(_temp.NewDirectory())], new ImportOptions());
        Assert.True(report.Succeeded, string.Join('\n', report.Errors));
        return (await db.Organizations.AsNoTracking().SingleAsync(o => o.Id == "org-us")).ToRecord();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegistryWrites_EachAppendOneEvent(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        var template = await ImportMinimalAsync(audit);
        var trail = new AuditTrail(audit.Log, "us-acq", "192.0.2.1");

        await using (var db = audit.NewContext())
        {
            Assert.IsType<WriteOutcome<OrganizationRecord>.Saved>(await Organizations.CreateAsync(db, template with { Id = "org-new" }, trail, default));
        }
        await using (var db = audit.NewContext())
        {
            Assert.IsType<WriteOutcome<OrganizationRecord>.Saved>(await Organizations.UpdateAsync(db, "org-new", template with { Id = "org-new", Country = "JP" }, null, trail, default));
        }
        await using (var db = audit.NewContext())
        {
            Assert.IsType<WriteOutcome<OrganizationRecord>.Saved>(await Organizations.DeleteAsync(db, "org-new", null, trail, default));
            Assert.IsType<WriteOutcome<OrganizationRecord>.NotFound>(await Organizations.DeleteAsync(db, "org-new", null, trail, default));
        }

        var events = await audit.EventsAsync();
        Assert.Equal([AuditTypes.RecordCreated, AuditTypes.RecordUpdated, AuditTypes.RecordDeleted], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(("organizations/org-new", "us-acq", "192.0.2.1", AuditOutcomes.Success), (e.Object, e.PrincipalId, e.SourceAddress, e.Outcome)));
        Assert.True((await audit.VerifyAsync()).Ok);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task RegistryWrite_WhoseAuditRecordCannotBeWritten_IsNotSaved(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        var template = await ImportMinimalAsync(audit);
        await using (var db = audit.NewContext())
        {
            // The audit table refuses every insert, as a full disk or a broken grant would.
            await db.Database.ExecuteSqlRawAsync(db.IsPostgres
                ? """
                  CREATE FUNCTION test_block_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit unavailable'; END $$;
                  CREATE TRIGGER test_block BEFORE INSERT ON "AuditEvents" FOR EACH ROW EXECUTE FUNCTION test_block_audit();
                  """
                : """CREATE TRIGGER test_block BEFORE INSERT ON "AuditEvents" BEGIN SELECT RAISE(ABORT, 'audit unavailable'); END;""");
        }
        var trail = new AuditTrail(audit.Log, "us-acq", null);

        await using (var db = audit.NewContext())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Organizations.CreateAsync(db, template with { Id = "org-new" }, trail, default));
        }
        await using (var db = audit.NewContext())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Organizations.UpdateAsync(db, "org-us", template with { Country = "JP" }, null, trail, default));
        }

        await using var check = audit.NewContext();
        Assert.False(await check.Organizations.AnyAsync(o => o.Id == "org-new"));
        Assert.Equal("US", (await check.Organizations.SingleAsync(o => o.Id == "org-us")).Country);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Import_AppendsOneEventWithCounts_AndARejectedImportAFailure(string provider)
    {
        await using var audit = await AuditFixture.CreateAsync(provider);
        var trail = new AuditTrail(audit.Log, "us-pm", null);

        await using (var db = audit.NewContext())
        {
            Assert.True((await new ImportService(db, audit.Database.Clock, trail).ImportAsync([PackageBuilder.Minimal().Write(_temp.NewDirectory())], new ImportOptions())).Succeeded);
            var bad = PackageBuilder.Minimal().Raw("approved_sources.csv", "o-missile,p-seeker,o-ghost").Write(_temp.NewDirectory());
            Assert.False((await new ImportService(db, audit.Database.Clock, trail).ImportAsync([bad], new ImportOptions())).Succeeded);
            Assert.True((await new ImportService(db, audit.Database.Clock, trail).ImportAsync([bad], new ImportOptions { DryRun = true })).DryRun);
        }

        var events = await audit.EventsAsync();
        Assert.Equal(2, events.Count);
        Assert.Equal((AuditTypes.Import, AuditOutcomes.Success, "us-pm"), (events[0].Type, events[0].Outcome, events[0].PrincipalId));
        Assert.Contains("\"organizations\":2", events[0].Detail, StringComparison.Ordinal);
        Assert.Contains("\"offers\":2", events[0].Detail, StringComparison.Ordinal);
        Assert.Equal((AuditTypes.Import, AuditOutcomes.Failure), (events[1].Type, events[1].Outcome));
        Assert.Contains("\"errors\":1", events[1].Detail, StringComparison.Ordinal);
    }

    private static RegistryResource<Organization, OrganizationRecord> Organizations => RegistryCatalog.Organizations;
}
