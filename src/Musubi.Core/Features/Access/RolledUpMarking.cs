namespace Musubi.Core.Features.Access;

/// <summary>
/// The marking of an output composed of many records — an export, a briefing, a page, an analysis — as restrictive as
/// its most restrictive parts together (ADR 0007):
/// CUI if any part is; the union of the categories; FED ONLY if any part is; need-to-know the union of the parts'
/// programs (a reader must belong to all of them); and for foreign readers the least each part allows, country by
/// country: NOFORN if any part is; otherwise a country keeps a copy only if every part is releasable to it, and may
/// view only if every part at least displays to it. A result that leaves no foreign country is NOFORN.
/// </summary>
/// <remarks>
/// A stored <see cref="Marking"/> names one need-to-know program; a roll-up may need several, so it carries them as a
/// list here and its <see cref="Releasability"/> has none. Nothing about it is stored. Roll-up is a meet in a
/// semilattice: commutative, associative, idempotent, with <see cref="Unmarked"/> as identity.
/// </remarks>
public sealed class RolledUpMarking : IEquatable<RolledUpMarking>
{
    private RolledUpMarking(Marking releasability, IReadOnlyList<string> needToKnow)
    {
        Releasability = releasability;
        NeedToKnow = needToKnow;
    }

    /// <summary>CUI, categories and dissemination controls; its own <see cref="Marking.NeedToKnow"/> is always null.</summary>
    public Marking Releasability { get; }

    /// <summary>Programs a reader must all belong to, distinct and in ordinal order.</summary>
    public IReadOnlyList<string> NeedToKnow { get; }

    public static RolledUpMarking Unmarked { get; } = new(new Marking(), []);

    /// <summary>The banner line, e.g. <c>CUI//SP-EXPT//REL TO USA, JPN</c>; <c>UNCLASSIFIED</c> when unmarked.</summary>
    public string Banner => Releasability.Banner;

    public bool IsUnmarked => Releasability.IsUnmarked && NeedToKnow.Count == 0;

    public static RolledUpMarking Of(Marking marking) => RollUp([marking]);

    public static RolledUpMarking RollUp(IEnumerable<Marking> parts) =>
        RollUp(parts.Select(p => new RolledUpMarking(p, p.NeedToKnow is null ? [] : [p.NeedToKnow])));

    public static RolledUpMarking RollUp(IEnumerable<RolledUpMarking> parts)
    {
        var list = parts.ToList();
        var result = new Marking
        {
            Cui = list.Any(p => p.Releasability.Cui),
            FedOnly = list.Any(p => p.Releasability.FedOnly),
        };
        result.Categories = Join(CuiMarkings.InBannerOrder(list.SelectMany(p => p.Releasability.CategoryList).Distinct(StringComparer.Ordinal)));

        // Foreign release, country by country: a REL TO part lets its countries hold copies, a DISPLAY ONLY part lets
        // its countries view, NOFORN lets none do either, and a part with none of the three does not restrict.
        var restricting = list.Select(p => p.Releasability).Where(m => m.NoForn || m.RelTo.Length > 0 || m.DisplayOnly.Length > 0).ToList();
        if (restricting.Count > 0)
        {
            if (restricting.Any(m => m.NoForn))
            {
                result.NoForn = true;
            }
            else
            {
                var foreign = restricting
                    .Select(m => (IEnumerable<string>)(m.RelTo.Length > 0 ? m.RelToList : Split(m.DisplayOnly)).Where(c => c != "USA"))
                    .Aggregate((common, next) => common.Intersect(next, StringComparer.Ordinal))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (foreign.Count == 0)
                {
                    result.NoForn = true;
                }
                else if (restricting.Any(m => m.DisplayOnly.Length > 0))
                {
                    result.DisplayOnly = Join(foreign);
                }
                else
                {
                    result.RelTo = Join(MarkingSyntax.RelToOrder(foreign.Append("USA")));
                }
            }
        }
        result.Cui |= result.Categories.Length > 0 || result.NoForn || result.FedOnly || result.RelTo.Length > 0 || result.DisplayOnly.Length > 0;
        var needToKnow = list.SelectMany(p => p.NeedToKnow).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new RolledUpMarking(result, needToKnow);
    }

    /// <summary>May this reader see the whole output (on screen)? True exactly when they may read every part.</summary>
    public bool ReadableBy(AccessScope scope) =>
        AccessPolicy.CanRead(scope, Releasability)
        && (scope.Unrestricted || (NeedToKnow.All(scope.Programs.Contains)
            // As AccessPolicy.Rule: a reader of unknown nationality reads unmarked records only, need-to-know included.
            && (NeedToKnow.Count == 0 || scope.Nationality != null)));

    /// <summary>
    /// May this reader receive the output as a file they keep? DISPLAY ONLY lets its foreign countries view, not hold a
    /// copy (ADR 0007); everything else a reader may read they may also export.
    /// </summary>
    public bool CopyableBy(AccessScope scope) =>
        ReadableBy(scope) && CopyPolicy.MayHoldCopy(scope, Releasability);

    /// <summary>The banner, then the programs: <c>CUI//NOFORN [need to know: cca, gpi]</c>.</summary>
    public override string ToString() =>
        NeedToKnow.Count == 0 ? Banner : $"{Banner} [need to know: {string.Join(", ", NeedToKnow)}]";

    public bool Equals(RolledUpMarking? other) =>
        other is not null
        && Releasability.Cui == other.Releasability.Cui
        && Releasability.Categories == other.Releasability.Categories
        && Releasability.NoForn == other.Releasability.NoForn
        && Releasability.RelTo == other.Releasability.RelTo
        && Releasability.FedOnly == other.Releasability.FedOnly
        && Releasability.DisplayOnly == other.Releasability.DisplayOnly
        && NeedToKnow.SequenceEqual(other.NeedToKnow, StringComparer.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as RolledUpMarking);

    public override int GetHashCode() => HashCode.Combine(Banner, string.Join('|', NeedToKnow));

    private static string[] Split(string value) => value.Split('|', StringSplitOptions.RemoveEmptyEntries);

    private static string Join(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }
}
