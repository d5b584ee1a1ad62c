using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Workshare;

/// <summary>The capability taxonomy as the engine takes it: code → parent code (null at a root).</summary>
public static class WorkshareTaxonomy
{
    /// <summary>The registry's taxonomy (<see cref="AppDbContext.CapabilityNodes"/>); empty when the registry holds none.</summary>
    public static async Task<IReadOnlyDictionary<string, string?>> FromRegistryAsync(AppDbContext db, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        var nodes = await db.CapabilityNodes.AsNoTracking().Select(n => new { n.Id, n.ParentId }).ToListAsync(ct);
        return nodes.ToDictionary(n => n.Id, n => n.ParentId, StringComparer.Ordinal);
    }

    /// <summary>The taxonomy file (<c>data/taxonomy/capabilities.json</c>: <c>[{ "code", "parent" }]</c>).</summary>
    public static IReadOnlyDictionary<string, string?> FromFile(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        var map = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var node in document.RootElement.EnumerateArray())
        {
            var code = node.GetProperty("code").GetString();
            if (code is null)
            {
                continue;
            }
            map[code] = node.TryGetProperty("parent", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
        }
        return map;
    }

    /// <summary>The shipped taxonomy file under <see cref="DatabaseSetup.DataDirectory"/>.</summary>
    public static string DefaultPath => Path.Combine(DatabaseSetup.DataDirectory, "taxonomy", "capabilities.json");

    /// <summary>True when holding <paramref name="held"/> covers a request for <paramref name="asked"/>: the same code or a narrower one (a descendant).</summary>
    public static bool Covers(IReadOnlyDictionary<string, string?> parents, string held, string asked)
    {
        var code = held;
        for (var depth = 0; depth < 64 && code is not null; depth++)
        {
            if (string.Equals(code, asked, StringComparison.Ordinal))
            {
                return true;
            }
            code = parents.TryGetValue(code, out var parent) ? parent : null;
        }
        return false;
    }
}
