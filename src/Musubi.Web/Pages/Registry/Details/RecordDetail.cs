using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Registry.Details;

/// <summary>What the detail page needs of every kind: the record, its title and the markings of everything shown.</summary>
public interface IRecordDetail
{
    MarkedEntity Record { get; }

    string EnglishTitle { get; }

    string? JapaneseTitle { get; }

    /// <summary>The partial that renders the kind's own fields and related records.</summary>
    string Partial { get; }

    /// <summary>The related records shown beside the record, for the page banner.</summary>
    IEnumerable<Marking> RelatedMarkings { get; }
}

public static class RecordDetail
{
    public static LocalName Title(this IRecordDetail detail) => Localized.Name(detail.EnglishTitle, detail.JapaneseTitle);

    /// <summary>The title in the other language, when there is one: shown under the heading.</summary>
    public static LocalName? OtherTitle(this IRecordDetail detail)
    {
        var shown = detail.Title();
        return shown.Lang == "ja" ? new LocalName(detail.EnglishTitle, "en")
            : !string.IsNullOrWhiteSpace(detail.JapaneseTitle) ? new LocalName(detail.JapaneseTitle, "ja")
            : null;
    }

    /// <summary>Capability labels by code, in the reader's language; a code without a taxonomy node shows as itself.</summary>
    public static async Task<IReadOnlyDictionary<string, LocalName>> CapabilityLabelsAsync(AppDbContext db, IEnumerable<string> codes, CancellationToken ct)
    {
        var wanted = codes.Distinct(StringComparer.Ordinal).ToList();
        var found = await db.CapabilityNodes.AsNoTracking().Where(n => wanted.Contains(n.Id))
            .ToDictionaryAsync(n => n.Id, n => Localized.Name(n.LabelEn, n.LabelJa), StringComparer.Ordinal, ct);
        foreach (var code in wanted.Where(c => !found.ContainsKey(c)))
        {
            found[code] = new LocalName(code, "en");
        }
        return found;
    }

    public static LocalName Label(this IReadOnlyDictionary<string, LocalName> labels, string code) =>
        labels.TryGetValue(code, out var label) ? label : new LocalName(code, "en");
}
