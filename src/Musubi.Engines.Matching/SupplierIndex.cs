namespace Musubi.Engines.Matching;

/// <summary>
/// The supplier facilities the matcher ranks, with an inverted capability map (code → facilities holding it) for
/// candidate lookup and an in-memory Lucene index of each facility's text for BM25 relevance.
/// </summary>
public sealed class SupplierIndex : IDisposable
{
    /// <summary>Builds the index.</summary>
    /// <param name="taxonomy">The capability taxonomy (labels are indexed as text).</param>
    /// <param name="facilities">Every facility of every organization, whatever the reader may see; access is applied per ranking.</param>
    public SupplierIndex(CapabilityTaxonomy taxonomy, IReadOnlyList<SupplierFacility> facilities)
    {
        ArgumentNullException.ThrowIfNull(taxonomy);
        ArgumentNullException.ThrowIfNull(facilities);
        Taxonomy = taxonomy;
        Facilities = [.. facilities];
    }

    /// <summary>Number of facilities.</summary>
    public int Count => Facilities.Count;

    /// <summary>The taxonomy the index was built with.</summary>
    public CapabilityTaxonomy Taxonomy { get; }

    /// <summary>The facilities, in the order given.</summary>
    public IReadOnlyList<SupplierFacility> Facilities { get; }

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
