using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Import;

/// <summary>Which of some ids exist in the database (whatever the reader may see: references are integrity, not disclosure).</summary>
internal static class ReferenceLookup
{
    private const int Chunk = 500;

    public static async Task<HashSet<string>> ExistingIdsAsync(AppDbContext db, RefKind kind, List<string> ids, CancellationToken ct)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(Chunk))
        {
            var list = chunk.ToList();
            var rows = kind switch
            {
                RefKind.Organization => await Ids(db.Organizations, list, ct),
                RefKind.Facility => await Ids(db.Facilities, list, ct),
                RefKind.Capability => await Ids(db.CapabilityNodes, list, ct),
                RefKind.Program => await Ids(db.Programs, list, ct),
                RefKind.Part => await Ids(db.Parts, list, ct),
                _ => await Ids(db.Offers, list, ct),
            };
            found.UnionWith(rows);
        }
        return found;
    }

    /// <summary>Reports every reference that resolves neither in <paramref name="alsoDefined"/> nor in the database.</summary>
    public static async Task CheckAsync(AppDbContext db, IEnumerable<Reference> references, ErrorSink errors, CancellationToken ct,
        Func<Reference, bool>? alsoDefined = null)
    {
        foreach (var group in references.Where(r => alsoDefined is null || !alsoDefined(r)).GroupBy(r => r.Kind))
        {
            var existing = await ExistingIdsAsync(db, group.Key, group.Select(r => r.Id).Distinct(StringComparer.Ordinal).ToList(), ct);
            foreach (var r in group.Where(r => !existing.Contains(r.Id)))
            {
                r.Site.Error(errors, r.Field, $"{Describe(r.Kind)} '{r.Id}' does not exist");
            }
        }
    }

    public static string Describe(RefKind kind) => kind switch
    {
        RefKind.Capability => "capability code",
        RefKind.Part => "part",
        RefKind.Offer => "offer",
        RefKind.Program => "program",
        RefKind.Facility => "facility",
        _ => "organization",
    };

    private static Task<List<string>> Ids<T>(DbSet<T> set, List<string> ids, CancellationToken ct) where T : TrackedEntity =>
        set.IgnoreQueryFilters().AsNoTracking().Where(e => ids.Contains(e.Id)).Select(e => e.Id).ToListAsync(ct);
}
