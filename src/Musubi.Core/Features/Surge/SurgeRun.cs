namespace Musubi.Core.Features.Surge;

/// <summary>
/// A saved surge plan (table <c>SurgeRuns</c>): the question with its planning data and the plans it gave, as JSON, so
/// the answer is kept with its inputs. Only its creator (and the unrestricted local operator) may read it: it holds results over records under markings that an administrator may not see (<see cref="SurgeService"/>). A
/// run is never edited.
/// </summary>
public sealed class SurgeRun
{
    /// <summary><c>SG-yyyymmdd-</c> and 80 random bits.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The principal whose reading of the registry the plans were computed over (<c>system</c> for the local operator).</summary>
    public required string CreatedBy { get; set; }

    /// <summary>The <see cref="SurgeQuestion"/> as checked, camelCase JSON.</summary>
    public required string QuestionJson { get; set; }

    /// <summary>The plans and the hidden-offer count (<see cref="SurgeService.StoredResult"/>), camelCase JSON.</summary>
    public required string ResultJson { get; set; }
}
