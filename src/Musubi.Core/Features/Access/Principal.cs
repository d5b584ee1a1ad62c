using Musubi.Core.Data;

namespace Musubi.Core.Features.Access;

/// <summary>A user: nationality, roles and program memberships drive what they may read.</summary>
public sealed class Principal : TrackedEntity
{
    public required string Name { get; set; }
    /// <summary>ISO 3166-1 alpha-2; missing nationality means every marked record is denied.</summary>
    public string? Nationality { get; set; }
    public string? OrganizationId { get; set; }
    public List<string> Roles { get; set; } = [];
    public List<string> Programs { get; set; } = [];
    /// <summary>Has completed CUI training and holds a lawful government purpose.</summary>
    public bool CuiAccess { get; set; }
    /// <summary>A U.S. federal employee (FED ONLY).</summary>
    public bool Federal { get; set; }
}
