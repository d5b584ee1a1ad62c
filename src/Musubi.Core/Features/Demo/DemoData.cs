using Musubi.Core.Data;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Demo;

/// <summary>
/// Loads the embedded demo dataset (<c>data/demo</c>, <c>data/taxonomy</c>) through the ordinary importer, so the
/// demo obeys every rule a user's import does. The network package's organizations.csv and facilities.csv repeat
/// rows of the richer JSON files (they keep the package self-contained for the engines), so they are left out here.
/// </summary>
public static class DemoData
{
    public static IReadOnlyList<string> Files(string dataDirectory)
    {
        var demo = Path.Combine(dataDirectory, "demo");
        var files = new List<string> { Path.Combine(dataDirectory, "taxonomy", "capabilities.json") };
        files.AddRange(Directory.EnumerateFiles(demo, "*.json").Order(StringComparer.Ordinal));
        foreach (var table in new[] { "parts", "offers", "offer_inputs", "approved_sources" })
        {
            files.Add(Path.Combine(demo, "network", table + ".csv"));
        }
        return files;
    }

    /// <summary>Loads the demo dataset through the ordinary importer; with <paramref name="audit"/>, the load is an audited import.</summary>
    public static async Task<ImportReport> LoadAsync(AppDbContext db, TimeProvider clock, string? dataDirectory = null,
        IProgress<ImportProgress>? progress = null, CancellationToken ct = default, Audit.AuditTrail? audit = null)
    {
        var directory = dataDirectory ?? DatabaseSetup.DataDirectory;
        var report = await new ImportService(db, clock, audit).ImportAsync(Files(directory), new ImportOptions(), progress, ct);
        if (report.Succeeded)
        {
            // The demo's priority requests (issue #10) go through the workflow, on the registry and accounts just loaded.
            await PriorityRequests.PriorityDemo.LoadAsync(db, clock, directory, audit, ct);
            // The demo's board subscriptions (issue #8) are made by their owners, then a replayed day fills their feeds.
            await Board.BoardDemo.LoadAsync(db, clock, directory, audit, ct);
        }
        return report;
    }
}
