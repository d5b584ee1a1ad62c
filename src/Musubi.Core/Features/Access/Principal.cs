using Musubi.Core.Data;

namespace Musubi.Core.Features.Access;

/// <summary>
/// A user's attributes: nationality, organization, roles and dated program memberships drive what they may read and do.
/// Their sign-in credentials live in <see cref="Identity.UserAccount"/> (same id).
/// </summary>
public sealed class Principal : TrackedEntity
{
    public required string Name { get; set; }
    /// <summary>ISO 3166-1 alpha-2; missing nationality means every marked record is denied.</summary>
    public string? Nationality { get; set; }
    public string? OrganizationId { get; set; }
    public List<string> Roles { get; set; } = [];
    /// <summary>Program memberships with the dates they hold; only those active today grant need-to-know.</summary>
    public List<ProgramMembership> Memberships { get; set; } = [];
    /// <summary>Has completed CUI training and holds a lawful government purpose.</summary>
    public bool CuiAccess { get; set; }
    /// <summary>A U.S. federal employee (FED ONLY).</summary>
    public bool Federal { get; set; }
    /// <summary>A disabled principal signs in as nobody; disabling ends every session and token.</summary>
    public bool Disabled { get; set; }

    /// <summary>The programs whose membership holds on <paramref name="day"/>.</summary>
    public IEnumerable<string> ProgramsOn(DateOnly day) =>
        Memberships.Where(m => m.IsActiveOn(day)).Select(m => m.Program).Distinct(StringComparer.Ordinal);

    public bool HasRole(params string[] roles) => Roles.Any(r => roles.Contains(r, StringComparer.Ordinal));
}

/// <summary>Membership of a program from <see cref="From"/> (inclusive) until <see cref="To"/> (exclusive, open when null).</summary>
public sealed class ProgramMembership
{
    public required string Program { get; set; }
    public DateOnly From { get; set; }
    public DateOnly? To { get; set; }

    public bool IsActiveOn(DateOnly day) => From <= day && (To is null || day < To);
}
