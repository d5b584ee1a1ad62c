namespace Musubi.Engines.Matching;

/// <summary>Ranks supplier facilities for a requirement, and open requirements for a supplier, with explanations.</summary>
public static class Matcher
{
    /// <summary>Ranks the visible supplier facilities for one requirement.</summary>
    public static SupplierRanking RankSuppliers(SupplierIndex suppliers, RequirementDocument requirement, TransferLookup transfers, MatchOptions options)
        => throw new NotSupportedException("Matching is being written (#8).");

    /// <summary>Ranks the open requirements the reader may see for one organization, each with its best facility.</summary>
    public static RequirementRanking RankRequirements(RequirementIndex requirements, SupplierIndex suppliers, string organizationId, TransferLookup transfers, MatchOptions options)
        => throw new NotSupportedException("Matching is being written (#8).");
}
