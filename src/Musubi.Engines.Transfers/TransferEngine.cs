using System.Collections.Concurrent;

namespace Musubi.Engines.Transfers;

/// <summary>
/// Evaluates transfer cases against a <see cref="RuleSet"/>: each jurisdiction whose rules reach the case gives a
/// gate verdict; the overall verdict is the most restrictive gate. Thread-safe; create once per rule set.
/// </summary>
public sealed class TransferEngine
{
    /// <summary>Creates an engine for <paramref name="rules"/>.</summary>
    public TransferEngine(RuleSet rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        RuleSet = rules;
        // The engine's own notes get fixed numbers up front, so every engine orders uncertain notes the same way.
        noJurisdictionNote = NoJurisdictionNote();
        foreach (var j in rules.Jurisdictions)
        {
            NoRuleNote(j);
        }
    }

    /// <summary>The rule set this engine evaluates against.</summary>
    public RuleSet RuleSet { get; }

    private readonly int noJurisdictionNote;

    /// <summary>Evaluates <paramref name="transfer"/> on its own date, or on <paramref name="asOf"/> when given.</summary>
    /// <exception cref="ArgumentException">A country code, enumeration value or fact the rule set does not know
    /// (read cases with <see cref="TransferCaseReader"/> to get these as field errors instead).</exception>
    public TransferResult Evaluate(TransferCase transfer, DateOnly? asOf = null)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        var day = asOf ?? transfer.Date;
        var c = threadContext ??= new EvalContext();
        Prepare(c, transfer, day);
        return Evaluate(transfer.Id, c, day, null);
    }

    /// <summary>
    /// Every date in (<paramref name="from"/>, <paramref name="to"/>] on which the answer for <paramref name="transfer"/>
    /// changes (verdict, approvals or notifications), with the rules and facts that changed it.
    /// </summary>
    public TransferTimeline Timeline(TransferCase transfer, DateOnly from, DateOnly to)
    {
        ArgumentNullException.ThrowIfNull(transfer);
        if (to < from)
        {
            throw new ArgumentException($"the range ends ({to:yyyy-MM-dd}) before it starts ({from:yyyy-MM-dd})", nameof(to));
        }
        var c = new EvalContext();
        Prepare(c, transfer, from);
        var previousFired = new List<Rule>();
        var initial = Evaluate(transfer.Id, c, from, previousFired);
        var changes = new List<TimelineChange>();
        var previous = initial;
        var days = RuleSet.ChangeDays;
        var start = Array.BinarySearch(days, from.DayNumber + 1);
        start = start >= 0 ? start : ~start;
        for (var i = start; i < days.Length && days[i] <= to.DayNumber; i++)
        {
            var date = DateOnly.FromDayNumber(days[i]);
            c.Day = days[i];
            c.ClearNotes();
            var fired = new List<Rule>();
            var result = Evaluate(transfer.Id, c, date, fired);
            if (!SameAnswer(previous, result))
            {
                var started = fired.Except(previousFired).Select(r => r.Id).Distinct().ToList();
                var ended = previousFired.Except(fired).Select(r => r.Id).Distinct().ToList();
                changes.Add(new TimelineChange
                {
                    Date = date,
                    PreviousVerdict = previous.Verdict,
                    Verdict = result.Verdict,
                    Rules = started.Concat(ended).Distinct().ToList(),
                    RulesStarted = started,
                    RulesEnded = ended,
                    Facts = MembershipChanges(c, days[i]),
                    Result = result,
                });
            }
            previous = result;
            previousFired = fired;
        }
        return new TransferTimeline
        {
            Id = transfer.Id,
            From = from,
            To = to,
            Initial = initial,
            Changes = changes,
        };
    }

    private static bool SameAnswer(TransferResult a, TransferResult b) =>
        a.Verdict == b.Verdict
        && a.Approvals.SequenceEqual(b.Approvals, StringComparer.Ordinal)
        && a.Notifications.Select(n => (n.Body, n.Section, n.ReviewDays)).SequenceEqual(b.Notifications.Select(n => (n.Body, n.Section, n.ReviewDays)));

    private List<string> MembershipChanges(EvalContext c, int day)
    {
        var result = new List<string>();
        var seen = new HashSet<int>();
        foreach (var country in c.Countries)
        {
            if (country < 0 || !seen.Add(country))
            {
                continue;
            }
            foreach (var g in RuleSet.GroupDefs)
            {
                foreach (var iv in g.IntervalsOf(country))
                {
                    if (iv.From == day)
                    {
                        result.Add($"{RuleSet.CountryCode(country)} joins {g.Id}");
                    }
                    else if (iv.To == day)
                    {
                        result.Add($"{RuleSet.CountryCode(country)} leaves {g.Id}");
                    }
                }
            }
        }
        return result;
    }

    [ThreadStatic]
    private static EvalContext? threadContext;

    private readonly ConcurrentDictionary<(int Jurisdiction, int Epoch, ulong Mask), GateOutcome> gateCache = new();
    private readonly ConcurrentDictionary<(int A, int B, int C, int D), Combined> combinedCache = new();
    private readonly ConcurrentDictionary<(ulong, ulong, ulong, ulong), string[]> noteCache = new();
    private int outcomeIds;
    private const int CacheLimit = 200_000;

    /// <summary>A gate's answer is a function of which rules fired; it is built once per distinct set and shared.</summary>
    private sealed class GateOutcome
    {
        public required int Key { get; init; }
        public required GateResult Result { get; init; }
        public required Rule[] FiredRules { get; init; }
        public required int[] NoteIds { get; init; }
        public required TransferNotification[] Notifications { get; init; }
    }

    private sealed class Combined
    {
        public required TransferVerdict Verdict { get; init; }
        public required GateResult[] Gates { get; init; }
        public required string[] Approvals { get; init; }
        public required TransferNotification[] Notifications { get; init; }
    }

    private TransferResult Evaluate(string? id, EvalContext c, DateOnly date, List<Rule>? allFired)
    {
        var day = c.Day;
        var jurisdictions = RuleSet.Jurisdictions;
        var many = jurisdictions.Count > 4 ? new List<GateOutcome>() : null;
        GateOutcome? o0 = null, o1 = null, o2 = null, o3 = null;
        var reached = 0;
        for (var ji = 0; ji < jurisdictions.Count; ji++)
        {
            var j = jurisdictions[ji];
            if (!j.Reach.Eval(c))
            {
                continue;
            }
            var epoch = j.EpochOf(day);
            var inForce = j.Epochs[epoch];
            GateOutcome outcome;
            if (inForce.Length <= 64)
            {
                ulong mask = 0;
                for (var k = 0; k < inForce.Length; k++)
                {
                    if (inForce[k].When.Eval(c))
                    {
                        mask |= 1UL << k;
                    }
                }
                if (!gateCache.TryGetValue((ji, epoch, mask), out outcome!))
                {
                    outcome = BuildOutcome(j, inForce, mask, null);
                    if (gateCache.Count < CacheLimit)
                    {
                        outcome = gateCache.GetOrAdd((ji, epoch, mask), outcome);
                    }
                }
            }
            else
            {
                var fired = new List<Rule>();
                foreach (var r in inForce)
                {
                    if (r.When.Eval(c))
                    {
                        fired.Add(r);
                    }
                }
                outcome = BuildOutcome(j, inForce, 0, fired);
            }
            foreach (var n in outcome.NoteIds)
            {
                c.Note(n);
            }
            allFired?.AddRange(outcome.FiredRules);
            if (many is not null)
            {
                many.Add(outcome);
            }
            else
            {
                switch (reached)
                {
                    case 0: o0 = outcome; break;
                    case 1: o1 = outcome; break;
                    case 2: o2 = outcome; break;
                    default: o3 = outcome; break;
                }
            }
            reached++;
        }

        Combined combined;
        if (many is not null)
        {
            combined = Combine(many);
        }
        else
        {
            var key = (o0?.Key ?? -1, o1?.Key ?? -1, o2?.Key ?? -1, o3?.Key ?? -1);
            if (!combinedCache.TryGetValue(key, out combined!))
            {
                var list = new List<GateOutcome>(reached);
                foreach (var o in new[] { o0, o1, o2, o3 })
                {
                    if (o is not null)
                    {
                        list.Add(o);
                    }
                }
                combined = Combine(list);
                if (combinedCache.Count < CacheLimit)
                {
                    combined = combinedCache.GetOrAdd(key, combined);
                }
            }
        }
        if (reached == 0)
        {
            c.Note(noJurisdictionNote);
        }
        return new TransferResult
        {
            Id = id,
            AsOf = date,
            Verdict = combined.Verdict,
            Gates = combined.Gates,
            Approvals = combined.Approvals,
            Notifications = combined.Notifications,
            Uncertain = UncertainFor(c),
        };
    }

    private string[] UncertainFor(EvalContext c)
    {
        if (c.Overflow is { Count: > 0 })
        {
            return c.NoteIds().Select(NoteText).ToArray();
        }
        var key = (c.N0, c.N1, c.N2, c.N3);
        if (key == (0UL, 0UL, 0UL, 0UL))
        {
            return [];
        }
        if (noteCache.TryGetValue(key, out var texts))
        {
            return texts;
        }
        texts = c.NoteIds().Select(NoteText).ToArray();
        return noteCache.Count < CacheLimit ? noteCache.GetOrAdd(key, texts) : texts;
    }

    private static Combined Combine(List<GateOutcome> outcomes)
    {
        var verdict = outcomes.Count == 0 ? TransferVerdict.Prohibited : TransferVerdict.Permitted;
        var approvals = new List<string>();
        var notifications = new List<TransferNotification>();
        foreach (var o in outcomes)
        {
            if (o.Result.Verdict > verdict)
            {
                verdict = o.Result.Verdict;
            }
            foreach (var a in o.Result.Approvals)
            {
                if (!approvals.Contains(a))
                {
                    approvals.Add(a);
                }
            }
            notifications.AddRange(o.Notifications);
        }
        return new Combined
        {
            Verdict = verdict,
            Gates = outcomes.Select(o => o.Result).ToArray(),
            Approvals = [.. approvals],
            Notifications = [.. notifications],
        };
    }

    /// <summary>Decides one gate from the rules that fired (a mask over <paramref name="inForce"/>, or a list).</summary>
    private GateOutcome BuildOutcome(JurisdictionInfo j, Rule[] inForce, ulong mask, List<Rule>? firedList)
    {
        var fired = firedList ?? inForce.Where((_, k) => (mask & (1UL << k)) != 0).ToList();
        var notes = new List<int>();
        var anyDeny = fired.Any(r => r.Effect == RuleEffect.Deny && !r.Baseline);
        var anyAllow = fired.Any(r => r.Effect is RuleEffect.Allow or RuleEffect.AllowWithApprovals && !r.Baseline);
        var baseDeny = fired.Any(r => r.Effect == RuleEffect.Deny && r.Baseline);
        var baseAllow = fired.Any(r => r.Effect is RuleEffect.Allow or RuleEffect.AllowWithApprovals && r.Baseline);

        bool allowed;
        List<Rule> deciding;
        if (anyDeny)
        {
            allowed = false;
            deciding = fired.Where(r => r.Effect == RuleEffect.Deny && !r.Baseline).ToList();
        }
        else if (anyAllow || (!baseDeny && baseAllow))
        {
            allowed = true;
            deciding = fired.Where(r => r.Effect is RuleEffect.Allow or RuleEffect.AllowWithApprovals && r.Baseline != anyAllow).ToList();
            deciding.AddRange(fired.Where(r => r.Effect == RuleEffect.Require));
        }
        else
        {
            allowed = false;
            deciding = fired.Where(r => r.Effect == RuleEffect.Deny && r.Baseline).ToList();
            if (deciding.Count == 0)
            {
                notes.Add(NoRuleNote(j));
            }
        }
        notes.AddRange(deciding.Where(r => r.UncertainNote >= 0).Select(r => r.UncertainNote));

        var approvals = new List<string>();
        var notifications = new List<TransferNotification>();
        var verdict = TransferVerdict.Prohibited;
        if (allowed)
        {
            verdict = TransferVerdict.Permitted;
            foreach (var r in deciding)
            {
                foreach (var a in r.Approvals)
                {
                    if (!approvals.Contains(a))
                    {
                        approvals.Add(a);
                        if (!RuleSet.ApprovalByCode[a].Routine)
                        {
                            verdict = TransferVerdict.PermittedWithApproval;
                        }
                    }
                }
                foreach (var n in r.Notifications)
                {
                    notifications.Add(new TransferNotification(n.Body, n.Section, n.ReviewDays, n.Timing, r.Id));
                    verdict = TransferVerdict.PermittedWithApproval;
                }
            }
        }
        return new GateOutcome
        {
            Key = Interlocked.Increment(ref outcomeIds),
            Result = new GateResult
            {
                Jurisdiction = j.Id,
                Verdict = verdict,
                Rules = deciding.Select(r => r.Ref).ToArray(),
                Approvals = [.. approvals],
                Fired = fired.Select(r => r.Id).ToArray(),
            },
            FiredRules = [.. fired],
            NoteIds = [.. notes],
            Notifications = [.. notifications],
        };
    }

    private readonly Dictionary<string, int> extraNotes = new(StringComparer.Ordinal);
    private readonly List<string> extraNoteText = [];
    private readonly Lock noteLock = new();

    private int NoRuleNote(JurisdictionInfo j) =>
        ExtraNote($"No rule of {j.Id} covers this transfer on this date; Musubi does not call it permitted without a rule that permits it.");

    private int NoJurisdictionNote() =>
        ExtraNote($"No modelled jurisdiction ({string.Join(", ", RuleSet.Jurisdictions.Select(j => j.Id))}) reaches this transfer: Musubi has no rules to answer it.");

    /// <summary>Notes made up by the engine live after the rule set's own notes; indexes are stable for the engine's life.</summary>
    private int ExtraNote(string text)
    {
        lock (noteLock)
        {
            if (!extraNotes.TryGetValue(text, out var i))
            {
                i = RuleSet.Notes.Length + extraNoteText.Count;
                extraNoteText.Add(text);
                extraNotes[text] = i;
            }
            return i;
        }
    }

    private string NoteText(int i)
    {
        if (i < RuleSet.Notes.Length)
        {
            return RuleSet.Notes[i];
        }
        lock (noteLock)
        {
            return extraNoteText[i - RuleSet.Notes.Length];
        }
    }

    internal void Prepare(EvalContext c, TransferCase t, DateOnly day)
    {
        var set = RuleSet;
        c.Set = set;
        c.Day = day.DayNumber;
        c.ClearNotes();
        c.Countries[0] = Country(t.From, "from");
        c.Countries[1] = Country(t.To, "to");
        c.Countries[2] = Country(t.Item.Origin, "item.origin");
        c.Countries[3] = Country(t.Item.Licensor, "item.licensor");
        c.Countries[4] = Country(t.Item.MadeIn, "item.madeIn");
        c.CoDevelopers = [];
        if (t.Item.CoDevelopers.Count > 0)
        {
            var co = new int[t.Item.CoDevelopers.Count];
            for (var i = 0; i < co.Length; i++)
            {
                co[i] = Country(t.Item.CoDevelopers[i], "item.coDevelopers");
            }
            c.CoDevelopers = co;
        }
        c.Enums[0] = Enum(t.Channel, TransferVocabulary.Channels, "channel");
        c.Enums[1] = Enum(t.Recipient, TransferVocabulary.Recipients, "recipient");
        c.Enums[2] = Enum(t.Purpose, TransferVocabulary.Purposes, "purpose");
        c.Enums[3] = Enum(t.Item.Kind, TransferVocabulary.Kinds, "item.kind");
        c.Enums[4] = Enum(t.Item.Category, TransferVocabulary.Categories, "item.category");
        c.Bools[0] = Bool(t.Item.Weapon);
        c.Bools[1] = Bool(t.Item.Mde);
        c.Bools[2] = Bool(t.Item.Sme);
        c.Bools[3] = Bool(t.Item.Uas);
        c.Texts[0] = t.Item.Program;
        c.Texts[1] = t.Item.Usml;
        c.Texts[2] = t.Item.Eccn;
        c.Numbers[0] = t.ValueUsd is { } v ? (double)v : double.NaN;
        c.Numbers[1] = t.Item.MaxSpeedKmh is { } s ? (double)s : double.NaN;
        c.Numbers[2] = t.Item.MtcrCategory is { } m ? m : double.NaN;
        if (c.Facts.Length != set.FactDefs.Length)
        {
            c.Facts = new sbyte[set.FactDefs.Length];
        }
        var factValues = c.Facts;
        Array.Fill(factValues, (sbyte)-1);
        if (t.Facts.Count == 0)
        {
            return;
        }
        foreach (var (name, value) in t.Facts)
        {
            if (!set.FactIndex.TryGetValue(name, out var fi))
            {
                throw new ArgumentException($"facts.{name}: unknown fact (valid: {string.Join(", ", set.FactIndex.Keys)})");
            }
            factValues[fi] = value ? (sbyte)1 : (sbyte)0;
        }
    }

    private int Country(string? code, string field)
    {
        if (code is null)
        {
            return -1;
        }
        return RuleSet.CountryIndex.TryGetValue(code, out var i) ? i : throw new ArgumentException($"{field}: unknown country code '{code}'");
    }

    private static int Enum(string? value, string[] values, string field)
    {
        if (value is null)
        {
            return -1;
        }
        var i = Array.IndexOf(values, value);
        return i >= 0 ? i : throw new ArgumentException($"{field}: '{value}' is not valid (valid: {string.Join(", ", values)})");
    }

    private static sbyte Bool(bool? b) => b switch { null => -1, true => 1, false => 0 };
}
