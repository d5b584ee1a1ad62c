using System.Text.Json.Serialization;

namespace Musubi.Engines.Transfers;

/// <summary>What a rule does when it fires.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RuleEffect>))]
public enum RuleEffect
{
    /// <summary>Permits the transfer (routine licensing only, unless other rules add approvals).</summary>
    Allow,

    /// <summary>Permits the transfer subject to the rule's approvals.</summary>
    AllowWithApprovals,

    /// <summary>Prohibits the transfer.</summary>
    Deny,

    /// <summary>Adds approvals and notifications to a gate that allows; never decides a verdict.</summary>
    Require,
}

/// <summary>A notification a rule requires (e.g. congressional review under AECA §36(b)).</summary>
/// <param name="Body">Who is notified (<c>US_CONGRESS</c>, <c>JP_DIET</c>, …).</param>
/// <param name="Section">The statutory section or instrument.</param>
/// <param name="ReviewDays">Review period in calendar days, if any.</param>
/// <param name="Timing"><c>before</c> the transfer or decision, or <c>after</c> it.</param>
public sealed record NotificationSpec(string Body, string? Section, int? ReviewDays, string Timing);

/// <summary>One version of a rule, effective from a date to a date (exclusive) or open.</summary>
public sealed class Rule
{
    public required string Id { get; init; }
    public required string Jurisdiction { get; init; }
    public required string Title { get; init; }
    public string? TitleJa { get; init; }
    public required DateOnly EffectiveFrom { get; init; }

    /// <summary>Exclusive end, or null while in force.</summary>
    public DateOnly? EffectiveTo { get; init; }

    public required RuleEffect Effect { get; init; }

    /// <summary>A baseline rule decides only when no other allowing or denying rule fires.</summary>
    public bool Baseline { get; init; }

    public IReadOnlyList<string> Approvals { get; init; } = [];
    public IReadOnlyList<NotificationSpec> Notifications { get; init; } = [];
    public required string Citation { get; init; }

    /// <summary>H, M or L, as in TRANSFER_RULES.md.</summary>
    public string? Confidence { get; init; }

    /// <summary>An open question reported whenever the rule fires.</summary>
    public string? Uncertain { get; init; }

    public string? Note { get; init; }

    /// <summary>The condition in words.</summary>
    public string ConditionText { get; internal set; } = "";

    /// <summary>The file (relative to the data directory) and line the rule was read from.</summary>
    public required string File { get; init; }

    public int Line { get; init; }

    internal Cond When { get; set; } = TrueCond.Instance;
    internal int FromDay { get; set; }
    internal int ToDay { get; set; }
    internal int Index { get; set; }
    internal int JurisdictionIndex { get; set; }
    internal int UncertainNote { get; set; } = -1;
    internal RuleRef Ref { get; set; } = null!;

    internal bool InForce(int day) => day >= FromDay && day < ToDay;
}

/// <summary>A jurisdiction whose rules give a gate verdict when its reach condition holds.</summary>
public sealed class JurisdictionInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? NameJa { get; init; }
    public required string Citation { get; init; }

    /// <summary>When the jurisdiction's rules reach a transfer, in words.</summary>
    public string ReachText { get; internal set; } = "";

    internal Cond Reach { get; set; } = TrueCond.Instance;
    internal int Index { get; set; }
    internal int[] Boundaries { get; set; } = [];
    internal Rule[][] Epochs { get; set; } = [];

    /// <summary>The epoch (stretch of days with the same rules in force) <paramref name="day"/> falls in.</summary>
    internal int EpochOf(int day)
    {
        // Boundaries[i] starts epoch i+1; epoch 0 is everything before Boundaries[0].
        var i = Array.BinarySearch(Boundaries, day);
        return i >= 0 ? i + 1 : ~i;
    }
}

/// <summary>An approval, consent or notification code.</summary>
public sealed class ApprovalInfo
{
    public required string Code { get; init; }
    public required string Jurisdiction { get; init; }

    /// <summary>Routine licensing (a METI licence, a DDTC licence, an FMS LOA) rather than a case-specific decision.</summary>
    public bool Routine { get; init; }

    public required string Description { get; init; }
    public string? DescriptionJa { get; init; }
    public string? Citation { get; init; }
}

/// <summary>A dated country group (NATO, MTCR, Japan's transfer-agreement partners, …).</summary>
public sealed class GroupInfo
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? NameJa { get; init; }
    public required string Citation { get; init; }
    public IReadOnlyList<GroupMember> Members { get; init; } = [];
}

/// <summary>A country's membership of a group from a date to a date (exclusive) or open.</summary>
/// <remarks><see cref="Uncertain"/> matters for dates before <see cref="CertainFrom"/> (the first date a source confirms the
/// membership), or for every date when that is not known.</remarks>
public sealed record GroupMember(string Country, DateOnly From, DateOnly? To, string? Citation, string? Confidence, string? Uncertain, DateOnly? CertainFrom = null);

/// <summary>A named fact about a case's country, read from a group unless the case gives it.</summary>
public sealed class FactInfo
{
    public required string Id { get; init; }
    public required string Subject { get; init; }
    public required string Group { get; init; }
    public string? Description { get; init; }
    public string? WhenDefaulted { get; init; }
}

internal sealed class GroupDef(string id, int countryCount)
{
    private readonly Interval[]?[] members = new Interval[]?[countryCount];

    public string Id { get; } = id;

    public void Add(int country, int from, int to, int note, int certainFrom)
    {
        var list = members[country];
        var interval = new Interval(from, to, note, certainFrom);
        members[country] = list is null ? [interval] : [.. list, interval];
    }

    public bool Contains(int country, int day, EvalContext c)
    {
        var list = members[country];
        if (list is null)
        {
            return false;
        }
        var member = false;
        foreach (var iv in list)
        {
            if (iv.Note >= 0 && day < iv.CertainFrom)
            {
                c.Note(iv.Note);
            }
            if (day >= iv.From && day < iv.To)
            {
                member = true;
            }
        }
        return member;
    }

    public IEnumerable<Interval> IntervalsOf(int country) => members[country] ?? [];

    public IEnumerable<int> Boundaries() =>
        members.Where(m => m is not null).SelectMany(m => m!).SelectMany(iv => new[] { iv.From, iv.To }).Where(d => d != int.MaxValue);

    internal readonly record struct Interval(int From, int To, int Note, int CertainFrom);
}

internal sealed class FactDef(string id, int subjectSlot, int group, int defaultedNote)
{
    public string Id { get; } = id;
    public int SubjectSlot { get; } = subjectSlot;
    public int Group { get; } = group;
    public int DefaultedNote { get; } = defaultedNote;
}
