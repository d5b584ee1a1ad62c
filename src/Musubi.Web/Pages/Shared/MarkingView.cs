using Musubi.Core.Features.Access;

namespace Musubi.Web.Pages.Shared;

/// <summary>A record's marking as a partial shows it: the banner (empty = unmarked) and the program whose members alone may read it.</summary>
public sealed record MarkingView(string? Banner, string? NeedToKnow)
{
    public static MarkingView Of(Marking marking) => new(marking.FileBanner, marking.NeedToKnow);

    public bool Marked => PageMarking.IsMarked(Banner);
}
