using Musubi.Core.Data;

namespace Musubi.Core.Features.Transfers;

/// <summary>
/// A saved transfer check: the case as the user gave it, the answer, and the content hash of the rule set that gave it,
/// so the answer can be reproduced later (<see cref="TransferService.ReproduceAsync"/>). It carries a releasability
/// marking like every registry record, so the one access policy decides who may read it (ADR 0002). A check is never
/// edited: a new answer is a new check.
/// </summary>
public sealed class TransferCheck : MarkedEntity
{
    /// <summary>The case's own id (<c>"id"</c> in the input), when it had one.</summary>
    public string? CaseId { get; set; }

    /// <summary>The principal who saved it (<c>cli:&lt;user&gt;</c> from the command line).</summary>
    public required string CreatedBy { get; set; }

    /// <summary>Exporting country (alpha-2), copied from the case for listing.</summary>
    public required string From { get; set; }

    /// <summary>Receiving country (alpha-2), copied from the case for listing.</summary>
    public required string To { get; set; }

    /// <summary>The item's name, copied from the case for listing.</summary>
    public string? ItemName { get; set; }

    /// <summary>The program the item belongs to (<c>item.program</c>), copied from the case for listing and filtering.</summary>
    public string? Program { get; set; }

    /// <summary>The date the rules were applied as of (the case's date, or the <c>asOf</c> override).</summary>
    public DateOnly AsOf { get; set; }

    /// <summary>The verdict as the contract writes it: <c>permitted</c>, <c>permitted_with_approval</c> or <c>prohibited</c>.</summary>
    public required string Verdict { get; set; }

    /// <summary>The <see cref="RuleSetVersion.Hash"/> of the rule set that answered.</summary>
    public required string RuleSetHash { get; set; }

    /// <summary>The one input case, as JSON (the contract's input shape).</summary>
    public required string InputJson { get; set; }

    /// <summary>The answer, as JSON (the contract's output shape).</summary>
    public required string ResultJson { get; set; }
}

/// <summary>
/// The files of one rule set (rules and world facts), stored once per content hash when a check first uses it, so a
/// saved check can be re-evaluated with exactly the rules that answered it.
/// </summary>
public sealed class RuleSetVersion
{
    /// <summary><c>sha256:…</c> over every file's path and normalised text (the engine's <c>RuleSet.Hash</c>).</summary>
    public required string Hash { get; set; }

    /// <summary>The files as a JSON array of <c>{ "path": …, "text": … }</c>.</summary>
    public required string SourcesJson { get; set; }

    public int RuleCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
