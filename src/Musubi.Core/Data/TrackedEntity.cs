using Musubi.Core.Features.Access;

namespace Musubi.Core.Data;

/// <summary>
/// A record that users edit: a natural-key id, an optimistic-concurrency version and
/// timestamps taken from the injected <see cref="TimeProvider"/> when saved.
/// On PostgreSQL the version is the row's <c>xmin</c>; on SQLite a column that the
/// context increments on every update.
/// </summary>
public abstract class TrackedEntity
{
    public required string Id { get; set; }
    public uint Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A tracked record that carries a releasability marking, its sources and whether its figures are illustrative.</summary>
public abstract class MarkedEntity : TrackedEntity
{
    public Marking Marking { get; set; } = new();
    public List<string> Sources { get; set; } = [];
    public bool Illustrative { get; set; }

    /// <summary>
    /// Set on an incoming record (never stored) whose file or request did not carry a marking at all, so an upsert
    /// keeps the stored marking instead of silently downgrading it to unmarked.
    /// </summary>
    public bool MarkingUnspecified { get; set; }

    /// <summary>As <see cref="MarkingUnspecified"/>, for the list of sources.</summary>
    public bool SourcesUnspecified { get; set; }
}
