using System.Globalization;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Matching;
using Musubi.Engines.Transfers;

namespace Musubi.Core.Features.Matching;

/// <summary>
/// The matcher's transfer filter answered by issue #3's engine (<see cref="TransferService"/>): for one requirement, a
/// <see cref="TransferLookup"/> that evaluates a transfer case from the supplier's country to a program nation on the
/// date, memoized per (from, to, date). The case is built from the requirement: the item kind from the root of its
/// first capability code (<c>SVC.*</c> and <c>MRO.*</c> → service, <c>SW.*</c> → technology, else component), the
/// channel from the contracting path (fms → fms, dcs → dcs, national → government, ota → commercial), the program's
/// name, and for co-development programs the purpose <c>joint_development</c> with the partners as co-developers.
/// The registry records no weapon flag on requirements, and the rules need one (Japan's principles turn on it): a
/// requirement with a code under <c>MSL</c> (missiles and munitions) or <c>MAT.ENERGETIC</c> is read as a weapon, any
/// other as not, and the explanation says it was assumed. A transfer no modelled jurisdiction reaches (no gate) is
/// <see cref="TransferFactVerdict.Unknown"/>: it passes the filter and says Musubi has no rules for it.
/// </summary>
public static class MatchingTransfers
{
    /// <summary>The transfer item kind for a requirement's capability codes.</summary>
    public static string ItemKind(IReadOnlyList<string> capabilityCodes)
    {
        var root = capabilityCodes.Count == 0 ? "" : capabilityCodes[0].Split('.')[0];
        return root switch
        {
            "SVC" or "MRO" => "service",
            "SW" => "technology",
            _ => "component",
        };
    }

    /// <summary>Whether the requirement is read as a weapon (lethal or destructive capability) for the transfer rules.</summary>
    public static bool Weapon(IReadOnlyList<string> capabilityCodes) =>
        capabilityCodes.Any(c => c is "MSL" or "MAT.ENERGETIC" || c.StartsWith("MSL.", StringComparison.Ordinal) || c.StartsWith("MAT.ENERGETIC.", StringComparison.Ordinal));

    /// <summary>The transfer channel of a contracting path.</summary>
    public static string Channel(ContractingPath path) => path switch
    {
        ContractingPath.Fms => "fms",
        ContractingPath.Dcs => "dcs",
        ContractingPath.National => "government",
        _ => "commercial",
    };

    /// <summary>The lookup for one requirement (<paramref name="program"/> may be null).</summary>
    public static TransferLookup For(TransferService transfers, Requirement requirement, DefenseProgram? program)
    {
        var coDevelopment = program?.Kind == ProgramKind.CoDevelopment;
        IReadOnlyList<string> partners = program is null ? [] : [.. program.Partners.Select(p => p.Country).Distinct(StringComparer.Ordinal)];
        return Build(transfers, requirement.Id, requirement.TitleEn, ItemKind(requirement.CapabilityCodes), Weapon(requirement.CapabilityCodes),
            Channel(requirement.ContractingPath), program?.Name, coDevelopment, partners);
    }

    /// <summary>
    /// A lookup for rankings over many requirements (reverse matching), where the engine asks per (from, to, date)
    /// only: the transfer is checked as a component that is not a weapon, through no particular channel and for no program.
    /// </summary>
    public static TransferLookup Generic(TransferService transfers) => Build(transfers, null, null, "component", false, null, null, false, []);

    private static TransferLookup Build(TransferService transfers, string? id, string? name, string kind, bool weapon, string? channel, string? programName,
        bool coDevelopment, IReadOnlyList<string> partners)
    {
        var known = transfers.Rules.Countries.ToHashSet(StringComparer.Ordinal);
        var memo = new Dictionary<(string, string, DateOnly), TransferFact>();
        var gate = new Lock();
        return (from, to, date) =>
        {
            lock (gate)
            {
                if (memo.TryGetValue((from, to, date), out var had))
                {
                    return had;
                }
                var transfer = new TransferCase
                {
                    Id = id,
                    Date = date,
                    From = from,
                    To = to,
                    Channel = channel,
                    Purpose = coDevelopment ? "joint_development" : null,
                    Item = new TransferItem
                    {
                        Name = name,
                        Kind = kind,
                        Weapon = weapon,
                        Program = programName,
                        CoDevelopers = coDevelopment ? partners : [],
                    },
                };
                var fact = Evaluate(transfers, known, transfer);
                memo[(from, to, date)] = fact;
                return fact;
            }
        };
    }

    private static TransferFact Evaluate(TransferService transfers, HashSet<string> known, TransferCase transfer)
    {
        var (from, to, date) = (transfer.From, transfer.To, transfer.Date);
        var kind = transfer.Item.Kind;
        var channel = transfer.Channel ?? "any channel";
        if (!known.Contains(from) || !known.Contains(to))
        {
            var missing = known.Contains(from) ? to : from;
            return new TransferFact(TransferFactVerdict.Unknown,
                $"the transfer rules cover no country '{missing}', so {from} → {to} could not be checked", null, []);
        }
        if (transfers.CheckDate(date) is { } outside)
        {
            return new TransferFact(TransferFactVerdict.Unknown,
                string.Create(CultureInfo.InvariantCulture, $"{from} → {to} on {date:yyyy-MM-dd} could not be checked: {outside}"), null, []);
        }
        TransferResult result;
        try
        {
            result = transfers.Engine.Evaluate(transfer);
        }
        catch (ArgumentException ex)
        {
            return new TransferFact(TransferFactVerdict.Unknown, $"{from} → {to} could not be checked: {ex.Message}", null, []);
        }
        var assumed = transfer.Item.Weapon == true ? "read as a weapon from its capability codes" : "read as no weapon from its capability codes";
        if (result.Gates.Count == 0)
        {
            return new TransferFact(TransferFactVerdict.Unknown,
                $"no modelled jurisdiction reaches {from} → {to}: Musubi has no transfer rules to answer it", null, []);
        }
        var verdict = result.Verdict switch
        {
            TransferVerdict.Permitted => TransferFactVerdict.Permitted,
            TransferVerdict.PermittedWithApproval => TransferFactVerdict.PermittedWithApproval,
            _ => TransferFactVerdict.Prohibited,
        };
        var deciding = result.Gates.Where(g => g.Verdict == result.Verdict).SelectMany(g => g.Rules).FirstOrDefault();
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"{TransferService.VerdictText(result.Verdict).Replace('_', ' ')} from {from} to {to} on {date:yyyy-MM-dd} ({kind}, {assumed}, {channel})")
            + (deciding is null ? "" : ": " + deciding.Title);
        return new TransferFact(verdict, summary, deciding?.Citation, result.Approvals);
    }
}
