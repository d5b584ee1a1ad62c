using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Import;

namespace Musubi.Core.Features.Registry;

/// <summary>Stored entities back to the record shapes of docs/formats.md: what the API returns and export writes.</summary>
public static class RecordMapping
{
    private static T Marked<T>(T record, MarkedEntity e) where T : MarkedRecord => record with
    {
        Id = e.Id,
        Marking = e.Marking.FileBanner,
        NeedToKnow = e.Marking.NeedToKnow,
        Sources = e.Sources,
        Illustrative = e.Illustrative,
    };

    public static OrganizationRecord ToRecord(this Organization e) => Marked(new OrganizationRecord
    {
        Kind = EnumText.ToSnake(e.Kind),
        Country = e.Country,
        ParentId = e.ParentId,
        Names = [.. e.Names.Select(n => new NameRecord(n.Lang, n.Value, n.Primary))],
        Identifiers = [.. e.Identifiers.Select(i => new IdentifierRecord(i.Scheme, i.Value))],
        Certifications = [.. e.Certifications.Select(c => new CertificationRecord(c.Kind, c.Level, c.ValidFrom, c.ValidTo))],
        DefenseRevenueShare = e.DefenseRevenueShare,
    }, e);

    public static FacilityRecord ToRecord(this Facility e) => Marked(new FacilityRecord
    {
        OrganizationId = e.OrganizationId,
        Name = e.Name,
        NameJa = e.NameJa,
        Address = e.Address,
        Country = e.Country,
        Region = e.Region,
        Latitude = e.Latitude,
        Longitude = e.Longitude,
    }, e);

    public static CapabilityRecord ToRecord(this FacilityCapability e) => Marked(new CapabilityRecord
    {
        FacilityId = e.FacilityId,
        CapabilityCode = e.CapabilityCode,
        ActualPerMonth = e.ActualPerMonth,
        MaxPerMonth = e.MaxPerMonth,
        ValidFrom = e.ValidFrom,
        ValidTo = e.ValidTo,
        Evidence = e.Evidence,
    }, e);

    public static PartRecord ToRecord(this Part e) => Marked(new PartRecord
    {
        Name = e.Name,
        NameJa = e.NameJa,
        EndItem = e.EndItem,
        Weapon = e.Weapon,
        Usml = e.Usml,
        Eccn = e.Eccn,
        JpControl = e.JpControl,
        FiveCategory = e.FiveCategory is { } f ? EnumText.ToSnake(f) : null,
    }, e);

    public static ProgramRecord ToRecord(this DefenseProgram e) => Marked(new ProgramRecord
    {
        Kind = EnumText.ToSnake(e.Kind),
        Names = e.NameJa is null ? [new NameRecord("en", e.Name, true)] : [new NameRecord("en", e.Name, true), new NameRecord("ja", e.NameJa)],
        Description = new LocalizedText(e.DescriptionEn, e.DescriptionJa),
        Partners = [.. e.Partners.Select(p => new PartnerRecord(p.Country, p.CostShare))],
        Phases = [.. e.Phases.Select(p => new PhaseRecord(p.Name, p.Start, p.End))],
        EndItemPartIds = e.EndItemPartIds,
        WorkPackages = [.. e.WorkPackages.OrderBy(w => w.Id, StringComparer.Ordinal)
            .Select(w => new WorkPackageRecord(w.Id, w.Name, w.CostEstimateUsd, w.RequiredCapabilities, w.Illustrative))],
    }, e);

    public static RequirementRecord ToRecord(this Requirement e) => Marked(new RequirementRecord
    {
        ProgramId = e.ProgramId,
        CapabilityCodes = e.CapabilityCodes,
        Title = new LocalizedText(e.TitleEn, e.TitleJa),
        Description = new LocalizedText(e.DescriptionEn, e.DescriptionJa),
        Quantity = e.Quantity,
        NeedBy = e.NeedBy,
        FundingStatus = EnumText.ToSnake(e.FundingStatus),
        ContractingPath = EnumText.ToSnake(e.ContractingPath),
        PointOfContact = e.PointOfContact,
        Status = EnumText.ToSnake(e.Status),
        PublishedOn = e.PublishedOn,
        RequiredCertifications = e.RequiredCertifications,
        Milestones = [.. e.Milestones.OrderBy(m => m.Date).Select(m => new MilestoneRecord(m.Kind, m.Date, m.Note))],
        AwardedOrganizationId = e.AwardedOrganizationId,
    }, e);

    public static AgreementRecord ToRecord(this Agreement e) => Marked(new AgreementRecord
    {
        Kind = EnumText.ToSnake(e.Kind),
        Title = new LocalizedText(e.TitleEn, e.TitleJa),
        Parties = e.Parties,
        SignedOn = e.SignedOn,
        InForceOn = e.InForceOn,
        ProgramId = e.ProgramId,
    }, e);

    public static TaxonomyRecord ToRecord(this CapabilityNode e) =>
        new(e.Id, e.ParentId, new LocalizedText(e.LabelEn, e.LabelJa), new LocalizedText(e.DescriptionEn, e.DescriptionJa));

    public static PrincipalRecord ToRecord(this Principal e) =>
        new(e.Id, e.Name, e.Nationality, e.OrganizationId, e.Roles,
            [.. e.Memberships.Select(m => new MembershipRecord(m.Program, m.From, m.To))], e.CuiAccess, e.Federal, e.Disabled);
}
