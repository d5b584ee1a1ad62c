using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Musubi.Engines.Matching;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>One explanation line as a page shows it: the criterion's name, the sentence in the reader's language and its language.</summary>
public sealed record ReasonLine(MatchReason Reason, string Label, string Text, string Lang);

/// <summary>
/// Writes the matcher's explanations (<see cref="MatchReason"/>) in the reader's language. English readers get the
/// engine's sentence. Japanese readers get a sentence written from the reason's <see cref="MatchReason.Code"/>,
/// <see cref="MatchReason.Passed"/>, its numbers and its <see cref="MatchReason.Args"/> (the engine's argument names:
/// docs/engines/matching.md, "Explanations") with the resources <c>Board.Reason.{code}.{case}</c>. A reason this page
/// does not know (a new code or case) is written as the generic Japanese line (<c>Board.Reason.pass</c>, <c>.fail</c>,
/// <c>.score</c>) followed by the engine's English sentence, so nothing the engine said is lost.
/// </summary>
public static class BoardExplain
{
    public static ReasonLine Line(this IStringLocalizer<UiText> l, MatchReason reason)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(reason);
        var label = l.EnumLabel("Board.Criterion", reason.Code);
        if (!Localized.Japanese)
        {
            return new ReasonLine(reason, label, reason.Text, "en");
        }
        if (Japanese(l, reason) is { } text)
        {
            return new ReasonLine(reason, label, text, "ja");
        }
        var generic = reason.Kind == ReasonKind.Score
            ? l["Board.Reason.score", label, Number(reason.Value), Number(reason.Weight), Number(reason.Contribution)].Value
            : l[reason.Passed ? "Board.Reason.pass" : "Board.Reason.fail", label].Value;
        return new ReasonLine(reason, label, generic + " (" + reason.Text + ")", "ja");
    }

    /// <summary>The Japanese sentence of a reason the page knows, or null.</summary>
    public static string? Japanese(IStringLocalizer<UiText> l, MatchReason reason)
    {
        ArgumentNullException.ThrowIfNull(l);
        ArgumentNullException.ThrowIfNull(reason);
        string Arg(string name) => reason.Args.TryGetValue(name, out var v) ? v : "";
        string List(string name) => Arg(name) is { Length: > 0 } v ? string.Join("、", v.Split(';', StringSplitOptions.RemoveEmptyEntries)) : "—";
        string Country(string name) => Arg(name) is { Length: > 0 } v ? l.Country(v) : "—";
        string Text(string key, params object[] args) => l["Board.Reason." + key, args].Value;
        var value = Number(reason.Value);
        return (reason.Kind, reason.Code) switch
        {
            (ReasonKind.Filter, "capability") => reason.Passed
                ? Text("capability.pass", List("held"), Arg("date"))
                : Text("capability.fail", Arg("date"), List("held")),
            (ReasonKind.Filter, "certification") => !reason.Passed
                ? Text("certification.fail", Arg("date"), List("missing"))
                : Arg("required").Length == 0 ? Text("certification.none") : Text("certification.pass", List("held"), Arg("date")),
            (ReasonKind.Filter, "screening") => reason.Passed
                ? Text("screening.pass")
                : Text("screening.fail", Arg("detail") is { Length: > 0 } d ? d : "—"),
            (ReasonKind.Filter, "transfer") => Arg("verdict") switch
            {
                "none" => Text("transfer.none"),
                "domestic" => Text("transfer.domestic", Country("from")),
                nameof(TransferFactVerdict.Prohibited) => Text("transfer.prohibited", Country("from"), Country("to"), Arg("date"), Arg("citation") is { Length: > 0 } c ? c : "—"),
                nameof(TransferFactVerdict.PermittedWithApproval) => Text("transfer.approval", Country("from"), Country("to"), List("approvals")),
                nameof(TransferFactVerdict.Unknown) => Text("transfer.unknown", Country("from"), Country("to")),
                nameof(TransferFactVerdict.Permitted) => Text("transfer.permitted", Country("from"), Country("to"), Arg("citation") is { Length: > 0 } c ? c : "—"),
                _ => null,
            },
            (ReasonKind.Score, "text") => reason.Value is > 0
                ? Text("text.score", value, Arg("bm25"))
                : Text("text.none"),
            (ReasonKind.Score, "capability") => Text("capability.score", value, Fits(l, Arg("fits"))),
            (ReasonKind.Score, "capacity") => Arg("spare").Length == 0
                ? Text("capacity.unknown", Arg("code"))
                : Arg("quantity").Length == 0
                    ? Text("capacity.noQuantity", Arg("spare"), Arg("code"))
                    : Text("capacity.score", Arg("spare"), Arg("months"), Arg("quantity"), Arg("code"), value),
            (ReasonKind.Score, "diversification") => Arg("hhiBefore") is "" or "0"
                ? Text("diversification.first", Arg("code"))
                : Text("diversification.score", Country("country"), Arg("code"), Arg("hhiBefore"), value),
            (ReasonKind.Score, "pastPerformance") => Arg("programs").Length == 0
                ? Text("pastPerformance.none")
                : Text(Arg("sameProgram") == "true" ? "pastPerformance.same" : "pastPerformance.score",
                    Arg("programs").Split(';', StringSplitOptions.RemoveEmptyEntries).Length, List("programs")),
            _ => null,
        };
    }

    /// <summary>The filters of an explanation (failed first) and its scores, each in the engine's order.</summary>
    public static (IReadOnlyList<MatchReason> Filters, IReadOnlyList<MatchReason> Scores) Split(IReadOnlyList<MatchReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        return ([.. reasons.Where(r => r.Kind == ReasonKind.Filter).OrderBy(r => r.Passed)], [.. reasons.Where(r => r.Kind == ReasonKind.Score)]);
    }

    /// <summary>The names of an explanation's failed filters (an excluded supplier's summary).</summary>
    public static string Failed(this IStringLocalizer<UiText> l, IReadOnlyList<MatchReason> reasons)
    {
        ArgumentNullException.ThrowIfNull(reasons);
        var names = new StringBuilder();
        foreach (var r in reasons.Where(r => r.Kind == ReasonKind.Filter && !r.Passed))
        {
            names.Append(names.Length > 0 ? (Localized.Japanese ? "、" : ", ") : "").Append(l.EnumLabel("Board.Criterion", r.Code));
        }
        return names.ToString();
    }

    public static string Number(double? value) => value?.ToString("0.00", CultureInfo.InvariantCulture) ?? "—";

    /// <summary><c>PROP.SRM=exact;PROP.SRM.CASE=narrower</c> as "PROP.SRM 完全一致、PROP.SRM.CASE 下位".</summary>
    private static string Fits(IStringLocalizer<UiText> l, string fits) =>
        fits.Length == 0 ? "—" : string.Join("、", fits.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(f =>
        {
            var eq = f.IndexOf('=', StringComparison.Ordinal);
            return eq < 0 ? f : f[..eq] + " " + l.EnumLabel("Board.Relation", f[(eq + 1)..]);
        }));
}
