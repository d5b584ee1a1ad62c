using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

public sealed record ProgramDetail(
    DefenseProgram Program,
    IReadOnlyList<Requirement> Requirements,
    IReadOnlyList<Agreement> Agreements,
    IReadOnlyList<Part> EndItems,
    IReadOnlyDictionary<string, LocalName> CapabilityLabels) : IRecordDetail
{
    public MarkedEntity Record => Program;
    public string EnglishTitle => Program.Name;
    public string? JapaneseTitle => Program.NameJa;
    public string Partial => "Details/_Program";

    public IEnumerable<Marking> RelatedMarkings =>
        Requirements.Select(r => r.Marking).Concat(Agreements.Select(a => a.Marking)).Concat(EndItems.Select(p => p.Marking));

    public static async Task<ProgramDetail?> LoadAsync(AppDbContext db, string id, CancellationToken ct)
    {
        var program = await RegistryCatalog.Programs.FindAsync(db, id, ct);
        if (program is null)
        {
            return null;
        }
        var requirements = await db.Requirements.AsNoTracking().Where(r => r.ProgramId == id).OrderBy(r => r.NeedBy).ThenBy(r => r.Id).ToListAsync(ct);
        var agreements = await db.Agreements.AsNoTracking().Where(a => a.ProgramId == id).OrderBy(a => a.SignedOn).ToListAsync(ct);
        var endItemIds = program.EndItemPartIds;
        var endItems = await db.Parts.AsNoTracking().Where(p => endItemIds.Contains(p.Id)).OrderBy(p => p.Name).ToListAsync(ct);
        var labels = await RecordDetail.CapabilityLabelsAsync(db, program.WorkPackages.SelectMany(w => w.RequiredCapabilities), ct);
        return new ProgramDetail(program, requirements, agreements, endItems, labels);
    }
}
