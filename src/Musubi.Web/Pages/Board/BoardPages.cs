using System.Globalization;
using System.Text;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Board;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages.Board;

/// <summary>
/// What the board pages share: their paths, the labels of the board's values in the reader's language, and the
/// board's filters as a query string (<c>q</c>, <c>program</c>, <c>nation</c>, <c>capability</c>, <c>funding</c>,
/// <c>path</c>, <c>status</c> repeated for several values; <c>needFrom</c>, <c>needTo</c>, <c>sort</c>, <c>page</c>).
/// </summary>
public static class BoardPages
{
    public const string ListPath = "/board";

    public const string TimelinePath = "/board/timeline";

    public const string OpportunitiesPath = "/board/opportunities";

    public const string SubscriptionsPath = "/board/subscriptions";

    public const string FeedPath = "/board/feed";

    public const int PageSize = 25;

    /// <summary>The sort orders the board offers, as BoardService names them.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["relevance", "needBy", "-needBy", "published", "title"];

    /// <summary>The facets in the order the page shows them, with the query parameter each one sets.</summary>
    public static readonly IReadOnlyList<(string Facet, string Parameter)> Facets =
    [
        ("program", "program"),
        ("nation", "nation"),
        ("capability", "capability"),
        ("fundingStatus", "funding"),
        ("contractingPath", "path"),
        ("status", "status"),
    ];

    /// <summary>The subscription kinds, as BoardService names them.</summary>
    public static readonly IReadOnlyList<string> SubscriptionKinds = ["capability", "program", "nation", "search"];

    public static readonly IReadOnlyList<string> Digests = ["none", "daily"];

    public static string DetailPath(string id) => ListPath + "/" + Uri.EscapeDataString(id);

    public static string OpportunitiesFor(string organizationId) => OpportunitiesPath + "?org=" + Uri.EscapeDataString(organizationId);

    public static string FundingLabel(this IStringLocalizer<UiText> l, string? value) => l.EnumLabel("FundingStatus", value);

    public static string PathLabel(this IStringLocalizer<UiText> l, string? value) => l.EnumLabel("ContractingPath", value);

    public static string StatusLabel(this IStringLocalizer<UiText> l, string? value) => l.EnumLabel("RequirementStatus", value);

    public static string MilestoneLabel(this IStringLocalizer<UiText> l, string? kind) => l.EnumLabel("Board.Milestone", kind);

    public static string SortLabel(this IStringLocalizer<UiText> l, string sort) => l.EnumLabel("Board.Sort", sort);

    public static string KindLabel(this IStringLocalizer<UiText> l, string? kind) => l.EnumLabel("Board.SubscriptionKind", kind);

    public static string DigestLabel(this IStringLocalizer<UiText> l, string? digest) => l.EnumLabel("Board.Digest", digest);

    public static string ChangeLabel(this IStringLocalizer<UiText> l, string? change) => l.EnumLabel("Board.Change", change);

    /// <summary>A score in [0, 1] as the pages write it (two decimals, invariant: the same in both languages).</summary>
    public static string Score(double? score) => Localized.Number(score, "0.00");

    /// <summary>"1 requirement" / "N requirements" in the reader's language.</summary>
    public static string Requirements(this IStringLocalizer<UiText> l, int count) =>
        count == 1 ? l["Board.RequirementCountOne"] : l["Board.RequirementCount", Localized.Number(count)];

    /// <summary>The title of a requirement in the reader's language.</summary>
    public static LocalName Title(BoardRequirementView r) => Localized.Name(r.Title, r.TitleJa);

    /// <summary>The program's name of a requirement in the reader's language (null without a program).</summary>
    public static LocalName? Program(BoardRequirementView r) =>
        r.ProgramId is null ? null : Localized.Name(r.ProgramName ?? r.ProgramId, r.ProgramNameJa);
}

/// <summary>
/// The board's search as the pages carry it in their address: what the reader typed and chose, kept as text so a bad
/// value is shown back next to its problem, and turned into the service's <see cref="BoardSearchInput"/>.
/// </summary>
public sealed class BoardFilter
{
    public string? Text { get; init; }
    public IReadOnlyList<string> Programs { get; init; } = [];
    public IReadOnlyList<string> Nations { get; init; } = [];
    public IReadOnlyList<string> Capabilities { get; init; } = [];
    public IReadOnlyList<string> FundingStatuses { get; init; } = [];
    public IReadOnlyList<string> ContractingPaths { get; init; } = [];
    public IReadOnlyList<string> Statuses { get; init; } = [];
    public string? NeedFrom { get; init; }
    public string? NeedTo { get; init; }
    public string? Sort { get; init; }
    public int Page { get; init; } = 1;

    public static BoardFilter From(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return new BoardFilter
        {
            Text = One(query, "q"),
            Programs = Many(query, "program"),
            Nations = Many(query, "nation"),
            Capabilities = Many(query, "capability"),
            FundingStatuses = Many(query, "funding"),
            ContractingPaths = Many(query, "path"),
            Statuses = Many(query, "status"),
            NeedFrom = One(query, "needFrom"),
            NeedTo = One(query, "needTo"),
            Sort = One(query, "sort"),
            Page = int.TryParse(One(query, "page"), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1,
        };
    }

    /// <summary>Whether anything narrows the board (text, a facet value or a need-by date).</summary>
    public bool Narrowed => Text is not null || NeedFrom is not null || NeedTo is not null
        || Programs.Count + Nations.Count + Capabilities.Count + FundingStatuses.Count + ContractingPaths.Count + Statuses.Count > 0;

    /// <summary>The values chosen for a facet (by the facet's name, as the engine names it).</summary>
    public IReadOnlyList<string> Chosen(string facet) => facet switch
    {
        "program" => Programs,
        "nation" => Nations,
        "capability" => Capabilities,
        "fundingStatus" => FundingStatuses,
        "contractingPath" => ContractingPaths,
        "status" => Statuses,
        _ => [],
    };

    /// <summary>
    /// The service's input, or the problems of the need-by dates by field (<c>needFrom</c>, <c>needTo</c>) when one is
    /// not a date; the service checks the rest.
    /// </summary>
    public BoardSearchInput ToInput(int pageSize, Dictionary<string, List<string>> errors, string dateMessage)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return new BoardSearchInput(
            Text, Programs, Nations, Capabilities, FundingStatuses, ContractingPaths, Statuses,
            Date("needFrom", NeedFrom, errors, dateMessage), Date("needTo", NeedTo, errors, dateMessage), Sort, Page, pageSize);
    }

    /// <summary>The filter rebuilt from a saved search (a subscription's query), for the link back to the board.</summary>
    public static BoardFilter Of(BoardSearchInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new BoardFilter
        {
            Text = string.IsNullOrWhiteSpace(input.Text) ? null : input.Text,
            Programs = input.Programs ?? [],
            Nations = input.Nations ?? [],
            Capabilities = input.Capabilities ?? [],
            FundingStatuses = input.FundingStatuses ?? [],
            ContractingPaths = input.ContractingPaths ?? [],
            Statuses = input.Statuses ?? [],
            NeedFrom = input.NeedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            NeedTo = input.NeedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Sort = input.Sort,
        };
    }

    /// <summary>The query string of this filter (with <c>?</c>; empty when there is nothing), on another page when given.</summary>
    public string Query(int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }
        Add("q", Text);
        foreach (var (values, name) in new[] { (Programs, "program"), (Nations, "nation"), (Capabilities, "capability"), (FundingStatuses, "funding"), (ContractingPaths, "path"), (Statuses, "status") })
        {
            foreach (var v in values)
            {
                Add(name, v);
            }
        }
        Add("needFrom", NeedFrom);
        Add("needTo", NeedTo);
        Add("sort", Sort);
        if (page is > 1)
        {
            Add("page", page.Value.ToString(CultureInfo.InvariantCulture));
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    /// <summary>The same search narrowed to need-by dates in one calendar year (the need-by facet's links).</summary>
    public string YearQuery(int year) => new BoardFilter
    {
        Text = Text,
        Programs = Programs,
        Nations = Nations,
        Capabilities = Capabilities,
        FundingStatuses = FundingStatuses,
        ContractingPaths = ContractingPaths,
        Statuses = Statuses,
        Sort = Sort,
        NeedFrom = new DateOnly(year, 1, 1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        NeedTo = new DateOnly(year, 12, 31).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    }.Query();

    /// <summary>A short English description of the search, the default name of a subscription to it.</summary>
    public string Describe()
    {
        var text = new StringBuilder(Text ?? "");
        foreach (var v in Programs.Concat(Nations).Concat(Capabilities).Concat(FundingStatuses).Concat(ContractingPaths).Concat(Statuses))
        {
            text.Append(text.Length > 0 ? ", " : "").Append(v);
        }
        if (NeedFrom is not null || NeedTo is not null)
        {
            text.Append(text.Length > 0 ? ", " : "").Append(NeedFrom ?? "…").Append('–').Append(NeedTo ?? "…");
        }
        return text.Length == 0 ? "All requirements" : text.ToString();
    }

    private static DateOnly? Date(string field, string? text, Dictionary<string, List<string>> errors, string message)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors[field] = [message];
        return null;
    }

    private static string? One(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v[0]?.Trim() is { Length: > 0 } s ? s : null : null;

    private static List<string> Many(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var v)
            ? [.. v.SelectMany(s => (s ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)]
            : [];
}
