namespace Musubi.Core.Features.Access;

/// <summary>
/// The attributes of the reader that the access policy looks at. A scope is built from a
/// <see cref="Principal"/>; <see cref="Anonymous"/> sees unmarked records only, and
/// <see cref="System"/> (the local operator's CLI, the importer) sees everything.
/// </summary>
public sealed record AccessScope
{
    public bool Unrestricted { get; init; }
    /// <summary>Alpha-3 nationality (the form REL TO lists use); <c>null</c> denies every marked record.</summary>
    public string? Nationality { get; init; }
    public bool CuiAccess { get; init; }
    public bool Federal { get; init; }
    public List<string> Programs { get; init; } = [];
    public string PrincipalId { get; init; } = "anonymous";
    public List<string> Roles { get; init; } = [];

    public static AccessScope Anonymous { get; } = new();
    public static AccessScope System { get; } = new() { Unrestricted = true, PrincipalId = "system" };

    /// <summary>
    /// The scope of <paramref name="principal"/> on <paramref name="today"/>: only memberships active that day count,
    /// and a disabled principal reads as <see cref="Anonymous"/>.
    /// </summary>
    public static AccessScope For(Principal principal, DateOnly today) => principal.Disabled ? Anonymous : new()
    {
        PrincipalId = principal.Id,
        Nationality = Countries.ToAlpha3(principal.Nationality),
        CuiAccess = principal.CuiAccess,
        Federal = principal.Federal,
        Programs = [.. principal.ProgramsOn(today)],
        Roles = [.. principal.Roles],
    };

    /// <summary>As <see cref="For(Principal, DateOnly)"/> on today's UTC date.</summary>
    public static AccessScope For(Principal principal, TimeProvider clock) =>
        For(principal, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
}
