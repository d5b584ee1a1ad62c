using System.Globalization;
using Musubi.Core.Features.Import;
using Musubi.Engines.Screening;

namespace Musubi.Core.Features.Screening;

/// <summary>The audit event types of screening (ADR 0008 log), one per kind of write.</summary>
public static class ScreeningAuditTypes
{
    public const string ListImported = "screening.list.imported";
    public const string Screened = "screening.screened";
    public const string Reviewed = "screening.reviewed";
    public const string CertificateIssued = "screening.certificate.issued";
    public const string AlertRaised = "screening.alert.raised";
    public const string AlertAcknowledged = "screening.alert.acknowledged";
    public const string RegistryRescreened = "screening.registry.rescreened";
    public const string DuplicatesScanned = "screening.duplicates.scanned";
    public const string DuplicateDecided = "screening.duplicate.decided";
    public const string OrganizationMerged = "registry.organization.merged";
}

/// <summary>
/// Bad input to a screening operation (HTTP 400, CLI exit 2): <see cref="Errors"/> maps each field
/// (<c>name</c>, <c>country</c>, <c>thresholdMatch</c>, <c>organizationId</c>, <c>decision</c>…) to what is wrong.
/// </summary>
public sealed class ScreeningInputException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(", ", e.Value))))
{
    public ScreeningInputException(string field, string message)
        : this(new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] })
    {
    }

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// The request cannot be carried out in the current state (HTTP 409, CLI exit 2): no list imported yet, a record
/// already reviewed, a certificate for a record still pending review, a duplicate already decided, a merge the markings
/// forbid. The message says what to do.
/// </summary>
public sealed class ScreeningConflictException(string message) : Exception(message);

/// <summary>One name to screen through <see cref="ScreeningService.ScreenAsync"/>.</summary>
/// <param name="Name">The name (1..1,000 characters, with at least one letter).</param>
/// <param name="Country">ISO 3166-1 alpha-2, when known (a mismatch lowers the score).</param>
/// <param name="Identifiers">LEI, CAGE, UEI, 法人番号 (<c>jcn</c>)…, when known (a shared one is strong evidence).</param>
/// <param name="ThresholdMatch">Override of the match threshold (0..1].</param>
/// <param name="ThresholdReview">Override of the review threshold (0..1], at most the match threshold.</param>
/// <param name="OrganizationId">The registry organization this name belongs to; the record is then visible only to readers of that organization.</param>
public sealed record ScreenRequest(
    string Name,
    string? Country = null,
    IReadOnlyList<EntityIdentifier>? Identifiers = null,
    double? ThresholdMatch = null,
    double? ThresholdReview = null,
    string? OrganizationId = null)
{
    /// <summary>How many candidates the record keeps (1..50).</summary>
    public int? MaxCandidates { get; init; }

    /// <summary>The options these overrides make, or the field that is wrong.</summary>
    public ScreeningOptions Options() => ScreeningService.Options(ThresholdMatch, ThresholdReview, MaxCandidates);
}

/// <summary>
/// What a list import did: the version (new, or the active one when the content was <see cref="Unchanged"/>), the
/// version it superseded, and the continuous re-screen it triggered; or the problems that stopped it (as
/// <c>file:line:field: message</c>; nothing was saved).
/// </summary>
public sealed record ListImportResult(
    ScreeningListVersion? Version,
    bool Unchanged,
    ScreeningListVersion? Superseded,
    RescreenReport? Rescreen,
    IReadOnlyList<ImportError> Errors,
    int ErrorCount)
{
    public bool Succeeded => ErrorCount == 0 && Version is not null;

    /// <summary>The problems as <c>file:line:field: message</c> lines.</summary>
    public IEnumerable<string> Lines() => Errors.Select(e => e.ToString());

    /// <summary>Field → messages (<c>line N: message</c>), as ProblemDetails' <c>errors</c>.</summary>
    public Dictionary<string, string[]> ErrorsByField() => Errors.GroupBy(e => e.Field, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Select(e => e.Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"line {e.Line}: {e.Message}") : e.Message).ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// What re-screening the registry found, counted as the caller may see it: organizations screened, names screened,
/// new-hit and cleared alerts raised (their ids), how long it took.
/// </summary>
public sealed record RescreenReport(
    IReadOnlyList<string> ListVersionIds,
    int Organizations,
    int Names,
    int OrganizationsWithHits,
    int NewHits,
    int Cleared,
    IReadOnlyList<string> AlertIds,
    TimeSpan Elapsed);

/// <summary>What a duplicate scan found, counted as the caller may see it: open candidates in all, and those new in this scan.</summary>
public sealed record DuplicateScanReport(double Threshold, int Organizations, int Open, int New, IReadOnlyList<string> CandidateIds);

/// <summary>The outcome of deciding a duplicate candidate: the candidate, and for a merge the organization kept and what moved.</summary>
public sealed record DuplicateDecision(DuplicateCandidate Candidate, string? KeptOrganizationId, MergeCounts? Moved);

/// <summary>What a merge moved from the second organization to the first.</summary>
public sealed record MergeCounts(int Names, int Identifiers, int Certifications, int Facilities, int Children, int Principals, int Records, int Alerts, int Candidates);

/// <summary>Filters of <see cref="ScreeningService.ListRecordsAsync"/>.</summary>
public sealed record ScreeningRecordQuery
{
    public const int MaxPageSize = 500;

    /// <summary><c>pending</c>, <c>not_required</c> or <c>reviewed</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>match</c>, <c>review</c> or <c>none</c>.</summary>
    public string? Decision { get; init; }

    public string? OrganizationId { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}

/// <summary>Filters of <see cref="ScreeningService.ListAlertsAsync"/>.</summary>
public sealed record ScreeningAlertQuery
{
    /// <summary><c>new_hit</c> or <c>cleared</c>.</summary>
    public string? Kind { get; init; }

    /// <summary>True: only alerts nobody acknowledged yet.</summary>
    public bool OpenOnly { get; init; }

    public string? OrganizationId { get; init; }

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 50;
}
