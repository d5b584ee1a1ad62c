namespace Musubi.Core.Features.Access;

/// <summary>
/// The roles a principal may hold. Roles say what a user may <em>do</em>; what they may <em>read</em> is decided by
/// nationality, CUI access and program memberships (<see cref="AccessPolicy"/>), never by role.
/// </summary>
public static class Roles
{
    public const string Viewer = "viewer";
    public const string Contributor = "contributor";
    public const string ProgramManager = "program_manager";
    public const string ComplianceOfficer = "compliance_officer";
    public const string SecurityOfficer = "security_officer";
    public const string Administrator = "administrator";

    public static readonly IReadOnlyList<string> All = [Viewer, Contributor, ProgramManager, ComplianceOfficer, SecurityOfficer, Administrator];

    /// <summary>May create, change and delete registry records.</summary>
    public static readonly string[] Writers = [Contributor, ProgramManager, Administrator];

    /// <summary>May save transfer-eligibility checks (evaluating one needs no role: it reads no records).</summary>
    public static readonly string[] TransferCheckers = [Contributor, ProgramManager, ComplianceOfficer, Administrator];

    /// <summary>May screen names (one or a batch) against denied-party lists, review screening records and issue certificates.</summary>
    public static readonly string[] Screeners = [ComplianceOfficer, ProgramManager, Administrator];

    /// <summary>May import denied-party list versions (which re-screens the whole registry).</summary>
    public static readonly string[] ListManagers = [ComplianceOfficer, Administrator];

    /// <summary>May import packages (bulk writes).</summary>
    public static readonly string[] Importers = [ProgramManager, Administrator];

    /// <summary>May read the audit log and verify it.</summary>
    public static readonly string[] AuditReaders = [SecurityOfficer];

    /// <summary>May manage accounts, sessions and memberships.</summary>
    public static readonly string[] AccountManagers = [Administrator, SecurityOfficer];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
