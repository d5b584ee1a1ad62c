using Musubi.Core.Features.Registry;
using Musubi.Engines.Matching;

namespace Musubi.Core.Features.Board;

/// <summary>Maps requirements (with their program) to the engine's documents and to the board's views.</summary>
internal static class BoardViews
{
    public static RequirementDocument Document(Requirement r, DefenseProgram? program, int accessKey) => new(
        r.Id,
        r.ProgramId,
        program?.Name,
        Nations(program),
        r.TitleEn,
        r.TitleJa,
        r.DescriptionEn,
        r.DescriptionJa,
        [.. r.CapabilityCodes],
        [.. r.RequiredCertifications],
        r.Quantity,
        r.NeedBy,
        r.PublishedOn,
        EnumText.ToSnake(r.FundingStatus),
        EnumText.ToSnake(r.ContractingPath),
        EnumText.ToSnake(r.Status),
        accessKey);

    public static BoardRequirementView View(Requirement r, DefenseProgram? program, double? score) => new(
        r.Id,
        r.ProgramId,
        program?.Name,
        program?.NameJa,
        Nations(program),
        r.TitleEn,
        r.TitleJa,
        r.DescriptionEn,
        r.DescriptionJa,
        [.. r.CapabilityCodes],
        [.. r.RequiredCertifications],
        r.Quantity,
        r.NeedBy,
        r.PublishedOn,
        EnumText.ToSnake(r.FundingStatus),
        EnumText.ToSnake(r.ContractingPath),
        EnumText.ToSnake(r.Status),
        r.PointOfContact,
        r.Marking.Banner,
        Milestones(r),
        r.AwardedOrganizationId,
        score,
        r.Version,
        r.UpdatedAt);

    /// <summary>The milestones in date order, then in contracting order of their kinds.</summary>
    public static IReadOnlyList<RequirementMilestoneView> Milestones(Requirement r) =>
        [.. r.Milestones
            .OrderBy(m => m.Date)
            .ThenBy(m => IndexOf(m.Kind))
            .Select(m => new RequirementMilestoneView(m.Kind, m.Date, m.Note))];

    private static int IndexOf(string kind)
    {
        for (var i = 0; i < MilestoneKinds.All.Count; i++)
        {
            if (MilestoneKinds.All[i] == kind)
            {
                return i;
            }
        }
        return MilestoneKinds.All.Count;
    }

    /// <summary>The program's partner nations, alpha-2, sorted and distinct.</summary>
    public static IReadOnlyList<string> Nations(DefenseProgram? program) =>
        program is null ? [] : [.. program.Partners.Select(p => p.Country).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
