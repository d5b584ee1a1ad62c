namespace Musubi.Core.Features.Workshare;

/// <summary>
/// A saved workshare run (table <c>WorkshareRuns</c>): the problem as built, the options and the results, as JSON, so the
/// answer is kept with its inputs. Only its creator (and the unrestricted local operator) may read it: its problem holds
/// registry records under markings an administrator may not see (<see cref="WorkshareService"/>). Never edited.
/// </summary>
public sealed class WorkshareRun
{
    /// <summary><c>WS-yyyymmdd-</c> and 80 random bits.</summary>
    public required string Id { get; set; }

    public required string Name { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The principal whose reading of the registry the run was computed over (<c>system</c> for the local operator).</summary>
    public required string CreatedBy { get; set; }

    /// <summary>The problem's program name (the issue's <c>program</c>).</summary>
    public required string Program { get; set; }

    /// <summary>The registry program it was built from; null for the JSON.</summary>
    public string? ProgramId { get; set; }

    /// <summary>True for a comparison of the three modes, false for one allocation (which the ledger reads).</summary>
    public bool Compared { get; set; }

    /// <summary>The problem and options (<see cref="WorkshareService.StoredQuestion"/>), camelCase JSON.</summary>
    public required string QuestionJson { get; set; }

    /// <summary>The results, camelCase JSON.</summary>
    public required string ResultJson { get; set; }
}

/// <summary>
/// A contract recorded in a program's ledger (table <c>WorkshareContracts</c>, ids <c>WL-…</c>): the nation whose industry
/// got the work, the company when known, the value and date. Read by whoever may see the program; never edited.
/// </summary>
public sealed class WorkshareContract
{
    public required string Id { get; set; }

    public required string ProgramId { get; set; }

    /// <summary>ISO 3166-1 alpha-2, a partner of the program.</summary>
    public required string Nation { get; set; }

    /// <summary>The organization that holds the contract, when known.</summary>
    public string? CompanyId { get; set; }

    public decimal ValueUsd { get; set; }

    public DateOnly Date { get; set; }

    public string? Reference { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public required string CreatedBy { get; set; }
}
