using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

public sealed record RequirementDetail(
    Requirement Requirement,
    DefenseProgram? Program,
    IReadOnlyDictionary<string, LocalName> CapabilityLabels) : IRecordDetail
{
    public MarkedEntity Record => Requirement;
    public string EnglishTitle => Requirement.TitleEn;
    public string? JapaneseTitle => Requirement.TitleJa;
    public string Partial => "Details/_Requirement";

    public IEnumerable<Marking> RelatedMarkings => Program is null ? [] : [Program.Marking];

    public static async Task<RequirementDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var requirement = await RegistryCatalog.Requirements.FindAsync(db, id, ct);
        if (requirement is null)
        {
            return null;
        }
        var program = requirement.ProgramId is { } programId
            ? await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId, ct)
            : null;
        var labels = await RecordDetail.CapabilityLabelsAsync(db, requirement.CapabilityCodes, ct);
        return new RequirementDetail(requirement, program, labels);
    }
}

public sealed record AgreementDetail(Agreement Agreement, DefenseProgram? Program) : IRecordDetail
{
    public MarkedEntity Record => Agreement;
    public string EnglishTitle => Agreement.TitleEn;
    public string? JapaneseTitle => Agreement.TitleJa;
    public string Partial => "Details/_Agreement";

    public IEnumerable<Marking> RelatedMarkings => Program is null ? [] : [Program.Marking];

    public static async Task<AgreementDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var agreement = await RegistryCatalog.Agreements.FindAsync(db, id, ct);
        if (agreement is null)
        {
            return null;
        }
        var program = agreement.ProgramId is { } programId
            ? await db.Programs.AsNoTracking().FirstOrDefaultAsync(p => p.Id == programId, ct)
            : null;
        return new AgreementDetail(agreement, program);
    }
}
