using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Matching;

/// <summary>One explanation line as the API and the CLI write it (<c>kind</c> is <c>filter</c> or <c>score</c>).</summary>
public sealed record MatchReasonView(string Kind, string Code, bool Passed, double? Value, double? Weight, double? Contribution, string Text, IReadOnlyDictionary<string, string> Args);

/// <summary>A ranked supplier facility with its explanation.</summary>
public sealed record SupplierMatchView(string OrganizationId, string OrganizationName, string? OrganizationNameJa, string FacilityId, string FacilityName,
    string Country, double Score, IReadOnlyList<MatchReasonView> Explanation);

/// <summary>A visible candidate a hard filter excluded, with every reason (failed filters first).</summary>
public sealed record ExcludedSupplierView(string OrganizationId, string OrganizationName, string FacilityId, string FacilityName, string Country,
    IReadOnlyList<MatchReasonView> Reasons);

/// <summary>
/// <c>match requirement</c> and <c>GET /api/match/requirements/{id}</c>: the requirement, the ranked suppliers
/// (<c>results</c>) and, when asked for, the excluded ones with why (<c>excluded</c>, else empty).
/// </summary>
public sealed record MatchRequirementResponse(MatchRequirementInfo Requirement, DateOnly AsOf, int Candidates, int Eligible,
    IReadOnlyList<SupplierMatchView> Results, IReadOnlyList<ExcludedSupplierView> Excluded);

/// <summary>The organization a reverse ranking is for.</summary>
public sealed record MatchOrganizationInfo(string Id, string Name, string? NameJa);

/// <summary>An open requirement ranked for an organization, with its best facility's explanation.</summary>
public sealed record RequirementMatchView(string RequirementId, string Title, string? TitleJa, string? ProgramId, DateOnly? NeedBy, string FacilityId,
    double Score, IReadOnlyList<MatchReasonView> Explanation);

/// <summary><c>match supplier</c> and <c>GET /api/match/suppliers/{orgId}</c>: the organization and its ranked open requirements.</summary>
public sealed record MatchSupplierResponse(MatchOrganizationInfo Organization, DateOnly AsOf, int Candidates, int Eligible, IReadOnlyList<RequirementMatchView> Results);

/// <summary>The engine's results as the API and the CLI write them.</summary>
public static class MatchingViews
{
    public static MatchReasonView Of(MatchReason r) =>
        new(r.Kind == ReasonKind.Filter ? "filter" : "score", r.Code, r.Passed, r.Value, r.Weight, r.Contribution, r.Text, r.Args);

    public static MatchRequirementResponse Of(MatchRequirementResult result) => new(
        result.Requirement,
        result.AsOf,
        result.Ranking.Candidates,
        result.Ranking.Eligible,
        [.. result.Ranking.Results.Select(m => new SupplierMatchView(m.OrganizationId, m.OrganizationName, m.OrganizationNameJa, m.FacilityId, m.FacilityName,
            m.Country, m.Score, [.. m.Explanation.Select(Of)]))],
        [.. result.Ranking.Excluded.Select(e => new ExcludedSupplierView(e.OrganizationId, e.OrganizationName, e.FacilityId, e.FacilityName, e.Country,
            [.. e.Reasons.Select(Of)]))]);

    public static MatchSupplierResponse Of(MatchSupplierResult result) => new(
        new MatchOrganizationInfo(result.OrganizationId, result.Name, result.NameJa),
        result.AsOf,
        result.Ranking.Candidates,
        result.Ranking.Eligible,
        [.. result.Ranking.Results.Select(m => new RequirementMatchView(m.RequirementId, m.Title, m.TitleJa, m.ProgramId, m.NeedBy, m.FacilityId, m.Score,
            [.. m.Explanation.Select(Of)]))]);
}
