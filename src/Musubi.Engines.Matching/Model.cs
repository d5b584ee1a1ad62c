namespace Musubi.Engines.Matching;

/// <summary>One node of the capability taxonomy, with its labels for text relevance.</summary>
/// <param name="Code">Dotted code, e.g. <c>PROP.SRM.CASE</c>.</param>
/// <param name="ParentCode">The broader node's code, or null for a root.</param>
/// <param name="LabelEn">English label.</param>
/// <param name="LabelJa">Japanese label, when there is one.</param>
/// <param name="DescriptionEn">English description, when there is one.</param>
/// <param name="DescriptionJa">Japanese description, when there is one.</param>
public sealed record CapabilityTerm(
    string Code,
    string? ParentCode,
    string LabelEn,
    string? LabelJa = null,
    string? DescriptionEn = null,
    string? DescriptionJa = null);

/// <summary>How a supplier's capability code stands to a requirement's code in the taxonomy.</summary>
public enum CapabilityRelation
{
    /// <summary>Unrelated codes.</summary>
    None,

    /// <summary>The same code.</summary>
    Exact,

    /// <summary>The supplier's code is an ancestor of the requirement's (the supplier claims the wider field).</summary>
    Broader,

    /// <summary>The supplier's code is a descendant of the requirement's (the supplier covers a specialty within it).</summary>
    Narrower,
}

/// <summary>A transfer-eligibility verdict as the matcher needs it (issue #3's answer reduced to what filters and explains).</summary>
public enum TransferFactVerdict
{
    /// <summary>Permitted with routine licensing.</summary>
    Permitted,

    /// <summary>Permitted subject to approvals, consents or notifications (passes the filter; the explanation names them).</summary>
    PermittedWithApproval,

    /// <summary>Prohibited on the date: the supplier is excluded.</summary>
    Prohibited,

    /// <summary>No rule set could be consulted (the filter passes and says so).</summary>
    Unknown,
}

/// <summary>The transfer answer for one (exporting country, receiving country, date).</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Summary">One English sentence: the verdict and the rule that decides it.</param>
/// <param name="Citation">The deciding rule's citation, when there is one.</param>
/// <param name="Approvals">Approvals, consents or notifications the transfer needs.</param>
public sealed record TransferFact(TransferFactVerdict Verdict, string Summary, string? Citation, IReadOnlyList<string> Approvals);

/// <summary>
/// Answers "may a supplier in <c>from</c> deliver to <c>to</c> on <c>date</c> for this requirement?". The caller (Core)
/// implements it with the transfer engine (issue #3); the matcher calls it once per distinct
/// (from, to) pair per ranking and never for a supplier in the receiving country itself.
/// </summary>
public delegate TransferFact TransferLookup(string fromCountry, string toCountry, DateOnly date);

/// <summary>A facility's capability with its capacity and validity.</summary>
/// <param name="Code">Taxonomy code.</param>
/// <param name="ActualPerMonth">Units per month made now, when known.</param>
/// <param name="MaxPerMonth">Units per month the facility could reach, when known.</param>
/// <param name="ValidFrom">First day the capability exists, or null.</param>
/// <param name="ValidTo">Last day, or null when open-ended.</param>
/// <param name="Evidence">Free-text evidence (indexed for text relevance).</param>
/// <param name="AccessKey">The caller's key for this capability record's marking; a capability the reader may not see is ignored.</param>
public sealed record SupplierCapability(
    string Code,
    decimal? ActualPerMonth,
    decimal? MaxPerMonth,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string? Evidence,
    int AccessKey);

/// <summary>An organization's certification with its validity window (both ends inclusive).</summary>
public sealed record SupplierCertification(string Kind, string? Level, DateOnly? ValidFrom, DateOnly? ValidTo);

/// <summary>Work an organization has done on an allied program, as recorded in Musubi.</summary>
/// <param name="ProgramId">The program's id.</param>
/// <param name="ProgramName">The program's name (indexed for text relevance).</param>
/// <param name="Source"><c>award</c> (an awarded requirement), <c>contract</c> (a workshare ledger contract) or <c>supply</c> (an approved source for a program's end item).</param>
/// <param name="Date">When, if known.</param>
/// <param name="AccessKey">The caller's key for the marking of the record the engagement comes from; one the reader may not see is ignored.</param>
public sealed record PastEngagement(string ProgramId, string ProgramName, string Source, DateOnly? Date, int AccessKey);

/// <summary>
/// The unit the matcher ranks: one facility of one organization, with what it can do. Organization-level facts
/// (certifications, screening, past engagements) are repeated on each of the organization's facilities.
/// </summary>
/// <param name="OrganizationId">The organization's id.</param>
/// <param name="OrganizationName">Its primary name.</param>
/// <param name="OrganizationNameJa">Its Japanese name, when there is one.</param>
/// <param name="OrganizationCountry">ISO 3166-1 alpha-2 of the organization.</param>
/// <param name="FacilityId">The facility's id.</param>
/// <param name="FacilityName">The facility's name.</param>
/// <param name="Country">ISO 3166-1 alpha-2 of the facility: the exporting country for the transfer filter.</param>
/// <param name="Capabilities">The facility's capabilities.</param>
/// <param name="Certifications">The organization's certifications.</param>
/// <param name="Engagements">The organization's past engagements.</param>
/// <param name="ScreeningHit">Whether the organization is a denied-party hit (a screening hit not cleared by review).</param>
/// <param name="ScreeningDetail">What it matched (list and entry), shown when excluded.</param>
/// <param name="AccessKey">The caller's key for the markings of the organization and the facility together; <see cref="MatchOptions.CanSee"/> decides on it.</param>
public sealed record SupplierFacility(
    string OrganizationId,
    string OrganizationName,
    string? OrganizationNameJa,
    string OrganizationCountry,
    string FacilityId,
    string FacilityName,
    string Country,
    IReadOnlyList<SupplierCapability> Capabilities,
    IReadOnlyList<SupplierCertification> Certifications,
    IReadOnlyList<PastEngagement> Engagements,
    bool ScreeningHit,
    string? ScreeningDetail,
    int AccessKey);

/// <summary>A requirement on the board: what the matcher ranks suppliers for, and what board search finds.</summary>
/// <param name="Id">The requirement's id.</param>
/// <param name="ProgramId">Its program, when it has one.</param>
/// <param name="ProgramName">The program's name (a facet value and indexed text).</param>
/// <param name="ProgramNations">The program's partner nations (ISO alpha-2): the receiving countries for the transfer filter, and the nation facet.</param>
/// <param name="Title">English title.</param>
/// <param name="TitleJa">Japanese title.</param>
/// <param name="Description">English description.</param>
/// <param name="DescriptionJa">Japanese description.</param>
/// <param name="CapabilityCodes">Required capability codes.</param>
/// <param name="RequiredCertifications">Certification kinds the supplier must hold, valid on the need date.</param>
/// <param name="Quantity">Units wanted, when a quantity applies.</param>
/// <param name="NeedBy">Need-by date.</param>
/// <param name="PublishedOn">Publication date.</param>
/// <param name="FundingStatus">snake_case funding status (facet).</param>
/// <param name="ContractingPath">snake_case contracting path (facet).</param>
/// <param name="Status">snake_case status: only <c>open</c> requirements are offered to suppliers in reverse matching.</param>
/// <param name="AccessKey">The caller's key for the requirement's marking (and its program's); <see cref="MatchOptions.CanSee"/> or <see cref="BoardQuery.CanSee"/> decides on it.</param>
public sealed record RequirementDocument(
    string Id,
    string? ProgramId,
    string? ProgramName,
    IReadOnlyList<string> ProgramNations,
    string Title,
    string? TitleJa,
    string? Description,
    string? DescriptionJa,
    IReadOnlyList<string> CapabilityCodes,
    IReadOnlyList<string> RequiredCertifications,
    int? Quantity,
    DateOnly? NeedBy,
    DateOnly? PublishedOn,
    string FundingStatus,
    string ContractingPath,
    string Status,
    int AccessKey);

/// <summary>Weights of the soft scores; each score is in [0, 1] and the total is their weighted sum divided by the weights' sum.</summary>
/// <param name="Text">BM25 text relevance, normalized by the best candidate's.</param>
/// <param name="Capability">How well the capability codes fit (exact over narrower over broader; share of the requirement's codes covered).</param>
/// <param name="Capacity">Spare capacity over the months to the need date against the quantity.</param>
/// <param name="Diversification">How much the supplier would lower the country concentration (HHI, as in #5) of the capability.</param>
/// <param name="PastPerformance">Recorded work on allied programs, more for the requirement's own program.</param>
public sealed record MatchWeights(
    double Text = 0.30,
    double Capability = 0.25,
    double Capacity = 0.20,
    double Diversification = 0.10,
    double PastPerformance = 0.15)
{
    /// <summary>The documented defaults (docs/engines/matching.md, "Weights").</summary>
    public static MatchWeights Default { get; } = new();
}

/// <summary>Options of one ranking.</summary>
/// <param name="AsOf">Today: the start of the capacity window, and the date for requirements without a need date.</param>
/// <param name="Top">How many results to return (1–1000).</param>
/// <param name="ExplainExcluded">Also return the visible candidates a hard filter excluded, each with why.</param>
/// <param name="Weights">Soft-score weights, or null for <see cref="MatchWeights.Default"/>.</param>
/// <param name="CanSee">Whether the reader may see a record with this access key; null sees everything.</param>
public sealed record MatchOptions(
    DateOnly AsOf,
    int Top = 10,
    bool ExplainExcluded = false,
    MatchWeights? Weights = null,
    Func<int, bool>? CanSee = null);

/// <summary>Whether a reason is a hard filter or a soft score.</summary>
public enum ReasonKind
{
    /// <summary>A hard filter: passed, or (for an excluded supplier) failed.</summary>
    Filter,

    /// <summary>A soft score with its weight and contribution.</summary>
    Score,
}

/// <summary>
/// One line of an explanation. <see cref="Code"/> and <see cref="Args"/> let a UI write it in any language;
/// <see cref="Text"/> is the English sentence.
/// </summary>
/// <param name="Kind">Filter or score.</param>
/// <param name="Code"><c>capability</c>, <c>certification</c>, <c>screening</c>, <c>transfer</c>, <c>status</c>, <c>text</c>, <c>capacity</c>, <c>diversification</c> or <c>pastPerformance</c>.</param>
/// <param name="Passed">For a filter, whether it passed; true for scores.</param>
/// <param name="Value">For a score, its value in [0, 1].</param>
/// <param name="Weight">For a score, its normalized weight.</param>
/// <param name="Contribution">For a score, value × weight (the scores' contributions sum to the total).</param>
/// <param name="Text">The English sentence.</param>
/// <param name="Args">The values the sentence is written from (codes, dates, countries, numbers as invariant strings).</param>
public sealed record MatchReason(
    ReasonKind Kind,
    string Code,
    bool Passed,
    double? Value,
    double? Weight,
    double? Contribution,
    string Text,
    IReadOnlyDictionary<string, string> Args);

/// <summary>A ranked supplier facility for a requirement.</summary>
public sealed record SupplierMatch(
    string OrganizationId,
    string OrganizationName,
    string? OrganizationNameJa,
    string FacilityId,
    string FacilityName,
    string Country,
    double Score,
    IReadOnlyList<MatchReason> Explanation);

/// <summary>A visible candidate a hard filter excluded, with every reason (failed filters first).</summary>
public sealed record ExcludedSupplier(
    string OrganizationId,
    string OrganizationName,
    string FacilityId,
    string FacilityName,
    string Country,
    IReadOnlyList<MatchReason> Reasons);

/// <summary>The suppliers ranked for one requirement.</summary>
/// <param name="RequirementId">The requirement.</param>
/// <param name="Results">Best first, at most <see cref="MatchOptions.Top"/>; ties broken by organization then facility id.</param>
/// <param name="Excluded">When asked for: the excluded visible candidates, by organization then facility id.</param>
/// <param name="Candidates">Visible facilities with a related capability (before the other hard filters).</param>
/// <param name="Eligible">Candidates that passed every hard filter.</param>
public sealed record SupplierRanking(
    string RequirementId,
    IReadOnlyList<SupplierMatch> Results,
    IReadOnlyList<ExcludedSupplier> Excluded,
    int Candidates,
    int Eligible);

/// <summary>An open requirement ranked for a supplier: its best facility and that facility's explanation.</summary>
public sealed record RequirementMatch(
    string RequirementId,
    string Title,
    string? TitleJa,
    string? ProgramId,
    DateOnly? NeedBy,
    string FacilityId,
    double Score,
    IReadOnlyList<MatchReason> Explanation);

/// <summary>The open requirements ranked for one organization.</summary>
public sealed record RequirementRanking(
    string OrganizationId,
    IReadOnlyList<RequirementMatch> Results,
    int Candidates,
    int Eligible);

/// <summary>A board search.</summary>
/// <param name="Text">Free text in English and/or Japanese; null or blank lists everything (then sorted by need date).</param>
/// <param name="Programs">Program ids (any of).</param>
/// <param name="Nations">Partner nations, alpha-2 (any of).</param>
/// <param name="Capabilities">Capability codes (any of; a code also finds requirements for its narrower codes).</param>
/// <param name="FundingStatuses">snake_case funding statuses (any of).</param>
/// <param name="ContractingPaths">snake_case contracting paths (any of).</param>
/// <param name="Statuses">snake_case statuses (any of); empty means every status.</param>
/// <param name="NeedFrom">Need-by on or after.</param>
/// <param name="NeedTo">Need-by on or before.</param>
/// <param name="Sort"><c>relevance</c> (default with text), <c>needBy</c> (default without), <c>-needBy</c>, <c>published</c> (newest first) or <c>title</c>.</param>
/// <param name="Offset">Hits to skip.</param>
/// <param name="Limit">Hits to return (1–500).</param>
/// <param name="CanSee">Whether the reader may see a requirement with this access key; null sees everything.</param>
public sealed record BoardQuery(
    string? Text = null,
    IReadOnlyList<string>? Programs = null,
    IReadOnlyList<string>? Nations = null,
    IReadOnlyList<string>? Capabilities = null,
    IReadOnlyList<string>? FundingStatuses = null,
    IReadOnlyList<string>? ContractingPaths = null,
    IReadOnlyList<string>? Statuses = null,
    DateOnly? NeedFrom = null,
    DateOnly? NeedTo = null,
    string? Sort = null,
    int Offset = 0,
    int Limit = 50,
    Func<int, bool>? CanSee = null);

/// <summary>One facet value with the number of visible hits that carry it.</summary>
public sealed record FacetValue(string Value, int Count);

/// <summary>One hit: the requirement's id and its relevance (0 without text).</summary>
public sealed record BoardHit(string Id, double Score);

/// <summary>A page of board hits with the total and the facets over every visible hit of the query.</summary>
/// <param name="Total">Visible hits of the query with its filters.</param>
/// <param name="Hits">The page.</param>
/// <param name="Facets">By facet name (<c>program</c>, <c>nation</c>, <c>capability</c>, <c>fundingStatus</c>, <c>contractingPath</c>, <c>status</c>, <c>needByYear</c>): values by count, then value. Each facet is counted with the other facets' filters applied and its own left out, so a user can widen a choice.</param>
public sealed record BoardHits(int Total, IReadOnlyList<BoardHit> Hits, IReadOnlyDictionary<string, IReadOnlyList<FacetValue>> Facets);

/// <summary>A problem with an engine input, naming the field.</summary>
public sealed class MatchingInputException(string field, string message) : Exception(message)
{
    /// <summary>The field at fault (e.g. <c>top</c>, <c>requirements[3].capabilityCodes</c>).</summary>
    public string Field { get; } = field;
}
