namespace Musubi.Engines.Screening;

/// <summary>A pair of entities of one list (e.g. two registry organizations) that are probably the same party.</summary>
public sealed record DuplicatePair(
    string FirstId,
    string SecondId,
    double Score,
    string FirstName,
    string SecondName,
    Explanation Explanation,
    IReadOnlyList<EntityIdentifier> SharedIdentifiers);
