using Musubi.Core.Data;

namespace Musubi.Core.Features.Access;

/// <summary>
/// Reading is not holding a copy. <see cref="AccessPolicy"/> decides who may read (on screen); this decides who may also
/// take a record away as a file: everyone who may read it, except the foreign readers of a DISPLAY ONLY record, who
/// may view it but not receive it (ADR 0007). Exports apply it on top of the access filters.
/// </summary>
public static class CopyPolicy
{
    /// <summary>Whether a reader who may read <paramref name="marking"/> may also hold a copy of it.</summary>
    public static bool MayHoldCopy(AccessScope scope, Marking marking) =>
        scope.Unrestricted || marking.DisplayOnly.Length == 0 || scope.Nationality == "USA";

    /// <summary>Keeps the records the context's reader may hold a copy of (the access filters already keep those they may read).</summary>
    public static IQueryable<T> Copyable<T>(this IQueryable<T> query, AppDbContext db) where T : MarkedEntity
    {
        var scope = db.Scope;
        return scope.Unrestricted || scope.Nationality == "USA" ? query : query.Where(e => e.Marking.DisplayOnly == "");
    }
}
