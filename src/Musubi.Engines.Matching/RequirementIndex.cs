namespace Musubi.Engines.Matching;

/// <summary>
/// The board's requirements in an in-memory Lucene index (English and Japanese fields), with per-requirement
/// facet values and access keys, an inverted capability map for reverse matching, and lookup by id.
/// </summary>
public sealed class RequirementIndex : IDisposable
{
    private readonly Dictionary<string, RequirementDocument> byId = new(StringComparer.Ordinal);

    /// <summary>Builds the index.</summary>
    /// <param name="taxonomy">The capability taxonomy (labels are indexed; the capability filter matches narrower codes).</param>
    /// <param name="requirements">Every requirement, whatever the reader may see; access is applied per search.</param>
    public RequirementIndex(CapabilityTaxonomy taxonomy, IReadOnlyList<RequirementDocument> requirements)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(requirements);
        Taxonomy = taxonomy;
        foreach (var r in requirements)
        {
            byId[r.Id] = r;
        }
    }

    /// <summary>Number of requirements.</summary>
    public int Count => byId.Count;

    /// <summary>The taxonomy the index was built with.</summary>
    public CapabilityTaxonomy Taxonomy { get; }

    /// <summary>The requirement with this id (whatever its access key), or null.</summary>
    public RequirementDocument? Get(string id) => id is not null && byId.TryGetValue(id, out var r) ? r : null;

    /// <summary>Board search: text, filters, facets, sort and paging over the requirements the reader may see.</summary>
    public BoardHits Search(BoardQuery query) => throw new NotSupportedException("Board search is being written (#8).");

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
