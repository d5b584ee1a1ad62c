namespace Musubi.Web.Pages.Registry;

/// <summary>One registry kind as the UI shows it: its URL segment and the resource keys of its names.</summary>
public sealed record RegistryKind(string Slug, bool HasCountry)
{
    /// <summary>Plural title, e.g. "Organizations" / 組織.</summary>
    public string TitleKey => "Kind." + Slug;

    /// <summary>Singular noun for one record, e.g. "Organization" / 組織.</summary>
    public string SingularKey => "Kind." + Slug + ".One";

    public string ListPath => "/registry/" + Slug;

    public string DetailPath(string id) => "/registry/" + Slug + "/" + Uri.EscapeDataString(id);
}

public static class RegistryKinds
{
    public static readonly RegistryKind Organizations = new("organizations", HasCountry: true);
    public static readonly RegistryKind Facilities = new("facilities", HasCountry: true);
    public static readonly RegistryKind Capabilities = new("capabilities", HasCountry: false);
    public static readonly RegistryKind Parts = new("parts", HasCountry: false);
    public static readonly RegistryKind Programs = new("programs", HasCountry: false);
    public static readonly RegistryKind Requirements = new("requirements", HasCountry: false);
    public static readonly RegistryKind Agreements = new("agreements", HasCountry: false);

    /// <summary>In navigation order: who, where, what they can do, what they make, then the demand side.</summary>
    public static readonly IReadOnlyList<RegistryKind> All = [Organizations, Facilities, Capabilities, Parts, Programs, Requirements, Agreements];

    public static RegistryKind? Find(string? slug) =>
        All.FirstOrDefault(k => string.Equals(k.Slug, slug, StringComparison.OrdinalIgnoreCase));
}
