using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

/// <summary>Copies the fields a user controls from an incoming record onto the stored one (import upserts, API updates).</summary>
internal static class EntityCopy
{
    public static void Marked(MarkedEntity from, MarkedEntity to)
    {
        if (!from.MarkingUnspecified)
        {
            to.Marking = from.Marking.Clone();
        }
        if (!from.SourcesUnspecified)
        {
            to.Sources = from.Sources;
        }
        to.Illustrative = from.Illustrative;
    }

    public static void Taxonomy(CapabilityNode from, CapabilityNode to)
    {
        to.ParentId = from.ParentId;
        to.LabelEn = from.LabelEn;
        to.LabelJa = from.LabelJa;
        to.DescriptionEn = from.DescriptionEn;
        to.DescriptionJa = from.DescriptionJa;
    }

    public static void Organization(Organization from, Organization to)
    {
        Marked(from, to);
        to.Kind = from.Kind;
        to.Country = from.Country;
        to.ParentId = from.ParentId;
        // JSON carries the whole list of names and replaces it. A CSV/XLSX row carries the primary and the Japanese
        // name only: it replaces those two and keeps every other name (aliases, other scripts) already stored.
        var names = from.Names.ToList();
        if (from.NamesPartial)
        {
            var oldJa = to.Names.FirstOrDefault(n => n.Lang == "ja");
            names.AddRange(to.Names
                .Where(old => !old.Primary && !(ReferenceEquals(old, oldJa) && names.Any(n => n.Lang == "ja")))
                .Where(old => !names.Any(n => n.Lang == old.Lang && n.Value == old.Value))
                .Select(old => new OrganizationName { Lang = old.Lang, Value = old.Value }));
        }
        to.Names = names;
        if (from.Identifiers.Count > 0)
        {
            to.Identifiers = from.Identifiers;
        }
        if (from.Certifications.Count > 0)
        {
            to.Certifications = from.Certifications;
        }
        to.DefenseRevenueShare = from.DefenseRevenueShare ?? to.DefenseRevenueShare;
        to.SyncNames();
    }

    public static void Facility(Facility from, Facility to)
    {
        Marked(from, to);
        to.OrganizationId = from.OrganizationId;
        to.Name = from.Name;
        to.NameJa = from.NameJa ?? to.NameJa;
        to.Address = from.Address ?? to.Address;
        to.Country = from.Country;
        to.Region = from.Region;
        to.Latitude = from.Latitude ?? to.Latitude;
        to.Longitude = from.Longitude ?? to.Longitude;
    }

    public static void Capability(FacilityCapability from, FacilityCapability to)
    {
        Marked(from, to);
        to.FacilityId = from.FacilityId;
        to.CapabilityCode = from.CapabilityCode;
        to.ActualPerMonth = from.ActualPerMonth;
        to.MaxPerMonth = from.MaxPerMonth;
        to.ValidFrom = from.ValidFrom;
        to.ValidTo = from.ValidTo;
        to.Evidence = from.Evidence;
    }

    public static void Program(AppDbContext db, DefenseProgram from, DefenseProgram to)
    {
        Marked(from, to);
        to.Kind = from.Kind;
        to.Name = from.Name;
        to.NameJa = from.NameJa;
        to.DescriptionEn = from.DescriptionEn;
        to.DescriptionJa = from.DescriptionJa;
        to.Partners = from.Partners;
        to.Phases = from.Phases;
        to.EndItemPartIds = from.EndItemPartIds;
        foreach (var gone in to.WorkPackages.Where(w => from.WorkPackages.All(n => n.Id != w.Id)).ToList())
        {
            db.WorkPackages.Remove(gone);
        }
        foreach (var package in from.WorkPackages)
        {
            var current = to.WorkPackages.FirstOrDefault(w => w.Id == package.Id);
            if (current is null)
            {
                to.WorkPackages.Add(package);
            }
            else
            {
                current.Name = package.Name;
                current.CostEstimateUsd = package.CostEstimateUsd;
                current.RequiredCapabilities = package.RequiredCapabilities;
                current.Illustrative = package.Illustrative;
            }
        }
    }

    public static void Requirement(Requirement from, Requirement to)
    {
        Marked(from, to);
        to.ProgramId = from.ProgramId;
        to.CapabilityCodes = from.CapabilityCodes;
        to.TitleEn = from.TitleEn;
        to.TitleJa = from.TitleJa;
        to.DescriptionEn = from.DescriptionEn;
        to.DescriptionJa = from.DescriptionJa;
        to.Quantity = from.Quantity;
        to.NeedBy = from.NeedBy;
        to.FundingStatus = from.FundingStatus;
        to.ContractingPath = from.ContractingPath;
        to.PointOfContact = from.PointOfContact;
        to.Status = from.Status;
        to.PublishedOn = from.PublishedOn;
        to.RequiredCertifications = from.RequiredCertifications;
        to.Milestones = from.Milestones;
        to.AwardedOrganizationId = from.AwardedOrganizationId;
    }

    public static void Agreement(Agreement from, Agreement to)
    {
        Marked(from, to);
        to.Kind = from.Kind;
        to.TitleEn = from.TitleEn;
        to.TitleJa = from.TitleJa;
        to.Parties = from.Parties;
        to.SignedOn = from.SignedOn;
        to.InForceOn = from.InForceOn;
        to.ProgramId = from.ProgramId;
    }

    public static void Part(Part from, Part to)
    {
        Marked(from, to);
        to.Name = from.Name;
        to.NameJa = from.NameJa;
        to.EndItem = from.EndItem;
        to.Weapon = from.Weapon;
        to.Usml = from.Usml;
        to.Eccn = from.Eccn;
        to.JpControl = from.JpControl;
        to.FiveCategory = from.FiveCategory;
    }

    public static void Principal(Principal from, Principal to)
    {
        to.Name = from.Name;
        to.Nationality = from.Nationality;
        to.OrganizationId = from.OrganizationId;
        to.Roles = from.Roles;
        to.Memberships = from.Memberships;
        to.Disabled = from.Disabled;
        to.CuiAccess = from.CuiAccess;
        to.Federal = from.Federal;
    }
}
