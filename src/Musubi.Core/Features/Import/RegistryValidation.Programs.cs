using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

/// <summary>Programs, requirements, agreements, parts, the taxonomy and principals.</summary>
internal sealed partial class RegistryValidation
{
    public DefenseProgram? Program(RecordSite site, ProgramRecord r)
    {
        var id = Id(site, r.Id);
        var names = r.Names ?? [];
        var primary = names.FirstOrDefault(n => n.Primary) ?? names.FirstOrDefault();
        if (primary is null || string.IsNullOrWhiteSpace(primary.Value))
        {
            site.Error(errors, "names", "a program needs a name");
        }
        var partners = new List<ProgramPartner>();
        foreach (var p in r.Partners ?? [])
        {
            if (p is null)
            {
                site.Error(errors, "partners", "an entry is null");
                continue;
            }
            if (p.CostShare is < 0 or > 1)
            {
                site.Error(errors, "partners", $"{p.Country}: costShare must be between 0 and 1");
            }
            partners.Add(new ProgramPartner { Country = Country(site, "partners", p.Country), CostShare = p.CostShare });
        }
        var shares = partners.Where(p => p.CostShare.HasValue).Sum(p => p.CostShare!.Value);
        if (shares > 1.0001m)
        {
            site.Error(errors, "partners", $"cost shares add up to {Values.Format(shares)}, more than 1");
        }
        var phases = new List<ProgramPhase>();
        foreach (var p in r.Phases ?? [])
        {
            if (p is null)
            {
                site.Error(errors, "phases", "an entry is null");
                continue;
            }
            if (p.Start > p.End)
            {
                site.Error(errors, "phases", $"{p.Name}: start is after end");
            }
            phases.Add(new ProgramPhase { Name = p.Name, Start = p.Start, End = p.End });
        }
        foreach (var part in r.EndItemPartIds ?? [])
        {
            Ref(site, "endItemPartIds", RefKind.Part, part);
        }
        var packages = new List<WorkPackage>();
        foreach (var w in r.WorkPackages ?? [])
        {
            if (w is null)
            {
                site.Error(errors, "workPackages", "an entry is null");
                continue;
            }
            if (!Values.IsId(w.Id))
            {
                site.Error(errors, "workPackages", $"work package id '{w.Id}' {Values.IdRule}");
                continue;
            }
            if (packages.Any(p => p.Id == w.Id))
            {
                site.Error(errors, "workPackages", $"work package id '{w.Id}' appears twice in this program");
                continue;
            }
            if (string.IsNullOrWhiteSpace(w.Name))
            {
                site.Error(errors, "workPackages", $"work package '{w.Id}' needs a name");
            }
            NotNegative(site, "workPackages", w.CostEstimateUsd);
            foreach (var code in w.RequiredCapabilities ?? [])
            {
                Ref(site, "workPackages", RefKind.Capability, code);
            }
            packages.Add(new WorkPackage
            {
                Id = w.Id,
                ProgramId = id ?? "",
                Name = w.Name,
                CostEstimateUsd = w.CostEstimateUsd,
                RequiredCapabilities = w.RequiredCapabilities ?? [],
                Illustrative = w.Illustrative,
            });
        }
        var entity = new DefenseProgram
        {
            Id = id ?? "",
            Kind = Enum(site, "kind", r.Kind, ProgramKind.CoDevelopment),
            Name = primary?.Value ?? "",
            NameJa = names.FirstOrDefault(n => n.Lang == "ja")?.Value,
            DescriptionEn = r.Description?.En,
            DescriptionJa = r.Description?.Ja,
            Partners = partners,
            Phases = phases,
            EndItemPartIds = r.EndItemPartIds ?? [],
            WorkPackages = packages,
        };
        Marked(site, r, entity);
        return id is null ? null : entity;
    }

    public Requirement? Requirement(RecordSite site, RequirementRecord r)
    {
        var id = Id(site, r.Id);
        Ref(site, "programId", RefKind.Program, r.ProgramId);
        foreach (var code in r.CapabilityCodes ?? [])
        {
            Ref(site, "capabilityCodes", RefKind.Capability, code);
        }
        if (r.Quantity < 0)
        {
            site.Error(errors, "quantity", "must be ≥ 0");
        }
        if (string.IsNullOrWhiteSpace(r.FundingStatus))
        {
            site.Error(errors, "fundingStatus", $"is required ({EnumText.Allowed<FundingStatus>()})");
        }
        if (string.IsNullOrWhiteSpace(r.ContractingPath))
        {
            site.Error(errors, "contractingPath", $"is required ({EnumText.Allowed<ContractingPath>()})");
        }
        var certifications = new List<string>();
        foreach (var c in r.RequiredCertifications ?? [])
        {
            if (string.IsNullOrWhiteSpace(c) || c.Trim().Length > 100)
            {
                site.Error(errors, "requiredCertifications", "every entry must be a certification kind of 1 to 100 characters");
                continue;
            }
            if (!certifications.Contains(c.Trim(), StringComparer.OrdinalIgnoreCase))
            {
                certifications.Add(c.Trim());
            }
        }
        var milestones = new List<RequirementMilestone>();
        foreach (var m in r.Milestones ?? [])
        {
            if (m is null)
            {
                site.Error(errors, "milestones", "an entry is null");
                continue;
            }
            var kind = m.Kind?.Trim().ToLowerInvariant();
            if (!MilestoneKinds.IsKnown(kind))
            {
                site.Error(errors, "milestones", $"'{m.Kind}' is not a milestone kind (one of {string.Join(", ", MilestoneKinds.All)})");
                continue;
            }
            if (m.Date is not { } date)
            {
                site.Error(errors, "milestones", $"{kind}: a milestone needs a date");
                continue;
            }
            if (m.Note is { Length: > 500 })
            {
                site.Error(errors, "milestones", $"{kind}: the note is longer than 500 characters");
            }
            milestones.Add(new RequirementMilestone { Kind = kind!, Date = date, Note = string.IsNullOrWhiteSpace(m.Note) ? null : m.Note.Trim() });
        }
        Ref(site, "awardedOrganizationId", RefKind.Organization, r.AwardedOrganizationId);
        var entity = new Requirement
        {
            Id = id ?? "",
            ProgramId = r.ProgramId,
            CapabilityCodes = r.CapabilityCodes ?? [],
            TitleEn = Required(site, site.SnakeCase ? "titleEn" : "title", r.Title?.En),
            TitleJa = r.Title?.Ja,
            DescriptionEn = r.Description?.En,
            DescriptionJa = r.Description?.Ja,
            Quantity = r.Quantity,
            NeedBy = r.NeedBy,
            FundingStatus = Enum(site, "fundingStatus", r.FundingStatus, FundingStatus.Planned),
            ContractingPath = Enum(site, "contractingPath", r.ContractingPath, ContractingPath.Dcs),
            PointOfContact = r.PointOfContact,
            Status = Enum(site, "status", r.Status, RequirementStatus.Open),
            PublishedOn = r.PublishedOn,
            RequiredCertifications = certifications,
            Milestones = milestones,
            AwardedOrganizationId = r.AwardedOrganizationId,
        };
        Marked(site, r, entity);
        return id is null ? null : entity;
    }

    public Agreement? Agreement(RecordSite site, AgreementRecord r)
    {
        var id = Id(site, r.Id);
        Ref(site, "programId", RefKind.Program, r.ProgramId);
        var parties = (r.Parties ?? []).Select(p => Country(site, "parties", p)).ToList();
        if (r.SignedOn > r.InForceOn)
        {
            site.Error(errors, "signedOn", "is after inForceOn");
        }
        if (string.IsNullOrWhiteSpace(r.Kind))
        {
            site.Error(errors, "kind", $"is required ({EnumText.Allowed<AgreementKind>()})");
        }
        var entity = new Agreement
        {
            Id = id ?? "",
            Kind = Enum(site, "kind", r.Kind, AgreementKind.ProjectAgreement),
            TitleEn = Required(site, site.SnakeCase ? "titleEn" : "title", r.Title?.En),
            TitleJa = r.Title?.Ja,
            Parties = parties,
            SignedOn = r.SignedOn,
            InForceOn = r.InForceOn,
            ProgramId = r.ProgramId,
        };
        Marked(site, r, entity);
        return id is null ? null : entity;
    }

    public Part? Part(RecordSite site, PartRecord r)
    {
        var id = Id(site, r.Id);
        FiveCategory? five = null;
        if (!string.IsNullOrWhiteSpace(r.FiveCategory))
        {
            five = Enum(site, "fiveCategory", r.FiveCategory, Registry.FiveCategory.Rescue);
        }
        var entity = new Part
        {
            Id = id ?? "",
            Name = Required(site, "name", r.Name),
            NameJa = r.NameJa,
            EndItem = r.EndItem,
            Weapon = r.Weapon,
            Usml = r.Usml,
            Eccn = r.Eccn,
            JpControl = r.JpControl,
            FiveCategory = five,
        };
        Marked(site, r, entity);
        return id is null ? null : entity;
    }

    public CapabilityNode? Taxonomy(RecordSite site, TaxonomyRecord r)
    {
        if (!Values.IsId(r.Code))
        {
            site.Error(errors, "code", $"'{r.Code}' {Values.IdRule}");
            return null;
        }
        Ref(site, "parent", RefKind.Capability, r.Parent);
        return new CapabilityNode
        {
            Id = r.Code!,
            ParentId = r.Parent,
            LabelEn = Required(site, "label", r.Label?.En, 200),
            LabelJa = r.Label?.Ja,
            DescriptionEn = r.Description?.En,
            DescriptionJa = r.Description?.Ja,
        };
    }

    public Principal? Principal(RecordSite site, PrincipalRecord r)
    {
        var id = Id(site, r.Id);
        string? nationality = null;
        if (r.Nationality is not null)
        {
            nationality = Country(site, "nationality", r.Nationality);
        }
        Ref(site, "organizationId", RefKind.Organization, r.OrganizationId);
        foreach (var role in r.Roles ?? [])
        {
            if (!Roles.IsKnown(role))
            {
                site.Error(errors, "roles", $"'{role}' is not a role; use one of {string.Join(", ", Roles.All)}");
            }
        }
        var memberships = new List<ProgramMembership>();
        foreach (var m in r.Memberships ?? [])
        {
            Ref(site, "memberships.program", RefKind.Program, m.Program);
            if (m.Program is null)
            {
                site.Error(errors, "memberships.program", "required");
            }
            else if (m.From is null)
            {
                site.Error(errors, "memberships.from", $"membership of '{m.Program}' needs a start date (yyyy-mm-dd)");
            }
            else if (m.To is { } to && to <= m.From)
            {
                site.Error(errors, "memberships.to", $"membership of '{m.Program}' ends ({to:yyyy-MM-dd}) on or before it starts ({m.From:yyyy-MM-dd})");
            }
            else
            {
                memberships.Add(new ProgramMembership { Program = m.Program, From = m.From.Value, To = m.To });
            }
        }
        return id is null ? null : new Principal
        {
            Id = id,
            Name = Required(site, "name", r.Name, 200),
            Nationality = nationality,
            OrganizationId = r.OrganizationId,
            Roles = r.Roles ?? [],
            Memberships = memberships,
            CuiAccess = r.CuiAccess,
            Federal = r.Federal,
            Disabled = r.Disabled,
        };
    }
}
