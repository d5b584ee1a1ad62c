using System.Text;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Screening;
using Musubi.Engines.Screening;
using Musubi.Testing;

namespace Musubi.Core.Tests.Screening;

/// <summary>A test database with an audit log and the screening service's singletons.</summary>
internal sealed class ScreeningFixture : IAsyncDisposable
{
    /// <summary>One analyzer for every test (MeCab when it loads): building it is the slow part.</summary>
    public static NameAnalyzer Analyzer { get; } = new(MecabReader.Open());

    public static AccessScope American { get; } = new() { Nationality = "USA", CuiAccess = true, PrincipalId = "us-officer", Roles = [Roles.ComplianceOfficer] };

    public static AccessScope Japanese { get; } = new() { Nationality = "JPN", CuiAccess = true, PrincipalId = "jp-officer", Roles = [Roles.ComplianceOfficer] };

    private readonly string _keyPath = Path.Combine(Path.GetTempPath(), "musubi-screening-key-" + Guid.NewGuid().ToString("N") + ".pem");

    private ScreeningFixture(TestDatabase database)
    {
        Database = database;
        Log = new AuditLog(database.Clock, new AuditOptions { SigningKeyPath = _keyPath, CheckpointEvery = 0 });
        Cache = new ScreeningIndexCache(Analyzer, database.Clock);
    }

    public TestDatabase Database { get; }

    public AuditLog Log { get; }

    public ScreeningIndexCache Cache { get; }

    public static async Task<ScreeningFixture> CreateAsync(string provider) => new(await TestDatabase.CreateAsync(provider));

    public AppDbContext Context(AccessScope? scope = null) => Database.NewContext(scope ?? AccessScope.System);

    public ScreeningService Service(AppDbContext db) => new(db, Database.Clock, Cache);

    public AuditTrail Trail(string principal = "officer") => new(Log, principal, "192.0.2.10");

    /// <summary>The shared example list (issue #4): 8 entities in FollowTheMoney JSON lines.</summary>
    public static string ExampleList => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Screening", "examples", "list.ftm.jsonl"));

    public static string ExampleQueries => Path.Combine(AppContext.BaseDirectory, "Screening", "examples", "queries.csv");

    /// <summary>One FollowTheMoney line.</summary>
    public static string Ftm(string id, string name, string country, params string[] aliases) =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            id,
            schema = "Company",
            properties = new Dictionary<string, string[]> { ["name"] = [name], ["alias"] = aliases, ["country"] = [country] },
        });

    public async Task<ListImportResult> ImportAsync(string content, string source = "test-list", DateOnly? published = null, string fileName = "list.ftm.jsonl")
    {
        await using var db = Context(AmericanOfficer());
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return await Service(db).ImportListAsync(stream, fileName, null, source, published, Trail("importer"));
    }

    /// <summary>A compliance officer who reads everything U.S. persons may read (but not need-to-know programs).</summary>
    public static AccessScope AmericanOfficer() => American;

    public async Task<Organization> AddOrganizationAsync(string id, string name, string country, Marking? marking = null, string? nameJa = null,
        IEnumerable<(string Scheme, string Value)>? identifiers = null)
    {
        await using var db = Context();
        var org = new Organization
        {
            Id = id,
            Kind = OrganizationKind.Supplier,
            Country = country,
            Name = name,
            Names = [new OrganizationName { Lang = "en", Value = name, Primary = true }],
            Identifiers = [.. (identifiers ?? []).Select(i => new OrganizationIdentifier { Scheme = i.Scheme, Value = i.Value })],
            Marking = marking ?? new Marking(),
            Sources = ["test"],
        };
        if (nameJa is not null)
        {
            org.Names.Add(new OrganizationName { Lang = "ja", Value = nameJa });
        }
        db.Organizations.Add(org);
        await db.SaveChangesAsync();
        Database.Clock.Advance(TimeSpan.FromSeconds(1));
        return org;
    }

    public static Marking NoForn => new() { Cui = true, NoForn = true };

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        File.Delete(_keyPath);
    }
}
