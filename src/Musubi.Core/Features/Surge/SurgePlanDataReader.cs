using System.Globalization;
using Musubi.Core.Features.Import;
using Musubi.Engines.Network;
using Musubi.Engines.Optimization.Surge;

namespace Musubi.Core.Features.Surge;

/// <summary>Planning data could not be read: every problem, each <c>file:line:field: message</c>.</summary>
public sealed class SurgePlanDataException(IReadOnlyList<string> problems)
    : Exception(problems.Count == 0 ? "invalid planning data" : string.Join(Environment.NewLine, problems.Take(20)))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// The planning assumptions of a surge question (docs/engines/surge.md, "Planning data"): expansion options, initial
/// stocks and the demand schedule, each with the line it was read from (0 when it came from an API body).
/// </summary>
public sealed record SurgePlanData(IReadOnlyList<SurgeExpansion> Expansions, IReadOnlyList<SurgeStock> Stocks, IReadOnlyList<SurgeDemand> Demand)
{
    public static SurgePlanData Empty { get; } = new([], [], []);

    public IReadOnlyList<long> ExpansionLines { get; init; } = [];
    public IReadOnlyList<long> StockLines { get; init; } = [];
    public IReadOnlyList<long> DemandLines { get; init; } = [];

    /// <summary>
    /// What the data names that <paramref name="network"/> does not hold, as <c>file:line:field: message</c>: an
    /// expansion of an unknown offer, a stock of an unknown part or at an unknown facility, a demand for an unknown part.
    /// </summary>
    public IReadOnlyList<string> Check(SupplyNetwork network)
    {
        var problems = new List<string>();
        var offers = network.AllOffers.Select(o => o.Id).ToHashSet(StringComparer.Ordinal);
        var facilities = network.AllFacilities.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < Expansions.Count; i++)
        {
            if (!offers.Contains(Expansions[i].OfferId))
            {
                problems.Add(At(SurgePlanDataReader.ExpansionsFile, ExpansionLines, i, "offer_id", $"unknown offer '{Expansions[i].OfferId}' (not in the network, or not visible to you)"));
            }
        }
        for (var i = 0; i < Stocks.Count; i++)
        {
            if (network.FindPart(Stocks[i].PartId) is null)
            {
                problems.Add(At(SurgePlanDataReader.StocksFile, StockLines, i, "part_id", $"unknown part '{Stocks[i].PartId}' (not in the network, or not visible to you)"));
            }
            if (!facilities.Contains(Stocks[i].FacilityId))
            {
                problems.Add(At(SurgePlanDataReader.StocksFile, StockLines, i, "facility_id", $"unknown facility '{Stocks[i].FacilityId}' (not in the network, or not visible to you)"));
            }
        }
        for (var i = 0; i < Demand.Count; i++)
        {
            if (network.FindPart(Demand[i].PartId) is null)
            {
                problems.Add(At(SurgePlanDataReader.DemandFile, DemandLines, i, "part_id", $"unknown part '{Demand[i].PartId}' (not in the network, or not visible to you)"));
            }
        }
        return problems;
    }

    private static string At(string file, IReadOnlyList<long> lines, int index, string field, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"{file}:{(index < lines.Count ? lines[index] : 0)}:{field}: {message}");
}

/// <summary>
/// Reads a folder of planning data (<c>--plan DIR</c>, or the three files uploaded on the surge page): any of
/// <c>expansions.csv</c>, <c>stocks.csv</c> and <c>demand.csv</c> (docs/engines/surge.md). Tables are read by the
/// import's own reader (<see cref="TabularFile.ReadTable"/>: header checked, unknown and missing columns are errors,
/// banner lines skipped, UTF-8 only), every cell is checked (ids, numbers and their ranges, duplicates), and all
/// problems are collected and thrown together as <see cref="SurgePlanDataException"/>, each <c>file:line:field: message</c>.
/// References to the network are checked later, against the network the question is asked of (<see cref="SurgePlanData.Check"/>).
/// </summary>
public static class SurgePlanDataReader
{
    public const string ExpansionsFile = "expansions.csv";
    public const string StocksFile = "stocks.csv";
    public const string DemandFile = "demand.csv";

    /// <summary>Largest planning file read (bytes).</summary>
    public const long MaxFileBytes = 64L << 20;

    private static readonly string[] ExpansionColumns = ["id", "offer_id", "extra_per_month", "cost_usd", "months_until_available"];
    private static readonly string[] StockColumns = ["part_id", "facility_id", "quantity"];
    private static readonly string[] DemandColumns = ["part_id", "month", "quantity"];
    private static readonly string[] DemandOptional = ["priority"];

    /// <summary>Reads whichever of the three files <paramref name="directory"/> holds (none: empty planning data).</summary>
    public static SurgePlanData Read(string directory)
    {
        var errors = new ErrorSink();
        if (!Directory.Exists(directory))
        {
            errors.Add(directory, 0, "plan", $"no such folder (planning data is a folder holding any of {ExpansionsFile}, {StocksFile} and {DemandFile})");
            throw new SurgePlanDataException([.. errors.Lines()]);
        }
        var data = Read(
            Existing(Path.Combine(directory, ExpansionsFile)),
            Existing(Path.Combine(directory, StocksFile)),
            Existing(Path.Combine(directory, DemandFile)),
            errors);
        if (errors.Any)
        {
            throw new SurgePlanDataException([.. errors.Lines()]);
        }
        return data;
    }

    /// <summary>Reads the given files (each may be null); the error lines name the files as <c>expansions.csv</c>, <c>stocks.csv</c> and <c>demand.csv</c> whatever their paths.</summary>
    public static SurgePlanData ReadFiles(string? expansionsPath, string? stocksPath, string? demandPath)
    {
        var errors = new ErrorSink();
        var data = Read(expansionsPath, stocksPath, demandPath, errors);
        if (errors.Any)
        {
            throw new SurgePlanDataException([.. errors.Lines()]);
        }
        return data;
    }

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    private static SurgePlanData Read(string? expansionsPath, string? stocksPath, string? demandPath, ErrorSink errors)
    {
        var expansions = new List<SurgeExpansion>();
        var expansionLines = new List<long>();
        var expansionIds = new Dictionary<string, long>(StringComparer.Ordinal);
        ReadTable(expansionsPath, ExpansionsFile, ExpansionColumns, [], errors, (r, line) =>
        {
            var id = r.Id("id");
            var offer = r.Id("offer_id");
            var extra = r.Number("extra_per_month", strictlyPositive: true);
            var cost = r.Number("cost_usd");
            var months = r.Int("months_until_available", 0, SurgeRequest.MaxMonths);
            if (id.Length > 0 && !expansionIds.TryAdd(id, line))
            {
                errors.Add(ExpansionsFile, line, "id", string.Create(CultureInfo.InvariantCulture, $"duplicate id '{id}' (first on line {expansionIds[id]})"));
            }
            expansions.Add(new SurgeExpansion(id, offer, extra, cost, months));
            expansionLines.Add(line);
        });
        var stocks = new List<SurgeStock>();
        var stockLines = new List<long>();
        var stockKeys = new Dictionary<(string, string), long>();
        ReadTable(stocksPath, StocksFile, StockColumns, [], errors, (r, line) =>
        {
            var part = r.Id("part_id");
            var facility = r.Id("facility_id");
            var quantity = r.Number("quantity");
            if (!stockKeys.TryAdd((part, facility), line))
            {
                errors.Add(StocksFile, line, "facility_id", string.Create(CultureInfo.InvariantCulture,
                    $"part '{part}' at facility '{facility}' is already stocked on line {stockKeys[(part, facility)]} (give one quantity)"));
            }
            stocks.Add(new SurgeStock(part, facility, quantity));
            stockLines.Add(line);
        });
        var demand = new List<SurgeDemand>();
        var demandLines = new List<long>();
        var demandKeys = new Dictionary<(string, int), long>();
        ReadTable(demandPath, DemandFile, DemandColumns, DemandOptional, errors, (r, line) =>
        {
            var part = r.Id("part_id");
            var month = r.Int("month", 1, SurgeRequest.MaxMonths);
            var quantity = r.Number("quantity");
            var priority = r.Has("priority") && r.S("priority").Length > 0 ? r.Int("priority", 1, 3) : 2;
            if (!demandKeys.TryAdd((part, month), line))
            {
                errors.Add(DemandFile, line, "month", string.Create(CultureInfo.InvariantCulture,
                    $"part '{part}' already has a demand for month {month} on line {demandKeys[(part, month)]} (give one quantity per part and month)"));
            }
            demand.Add(new SurgeDemand(part, month, quantity, priority));
            demandLines.Add(line);
        });
        return new SurgePlanData(expansions, stocks, demand)
        {
            ExpansionLines = expansionLines,
            StockLines = stockLines,
            DemandLines = demandLines,
        };
    }

    private static void ReadTable(string? path, string name, string[] required, string[] optional, ErrorSink errors, Action<Cells, long> onRow)
    {
        if (path is null)
        {
            return;
        }
        var checks = new ErrorSink();
        if (!InputFile.Check(path, MaxFileBytes, checks))
        {
            foreach (var e in checks.Errors)
            {
                errors.Add(name, e.Line, e.Field, e.Message);
            }
            return;
        }
        var table = new ErrorSink();
        TabularFile.ReadTable(path, required, optional, table, (file, row, _) => onRow(new Cells(file, row, name, errors), row.Line));
        foreach (var e in table.Errors)
        {
            errors.Add(name, e.Line, e.Field, e.Message);
        }
    }

    /// <summary>One row's cells, each checked with its file, line and column.</summary>
    private sealed class Cells(TabularFile file, TabularRow row, string name, ErrorSink errors)
    {
        public string S(string column) => TabularFile.Get(row, file.Index(column)).Trim();

        public bool Has(string column) => file.Has(column);

        public string Id(string column)
        {
            var v = S(column);
            if (!Values.IsId(v))
            {
                errors.Add(name, row.Line, column, v.Length == 0 ? "is required" : $"{Values.Quote(v)} {Values.IdRule}");
            }
            return v;
        }

        public double Number(string column, bool strictlyPositive = false)
        {
            var v = S(column);
            if (!Values.TryDecimal(v, out var d))
            {
                errors.Add(name, row.Line, column, v.Length == 0 ? "is required" : $"{Values.Quote(v)} is not a number");
                return 0;
            }
            if (Values.SignProblem(v, d, strictlyPositive) is { } problem)
            {
                errors.Add(name, row.Line, column, problem);
            }
            return (double)d;
        }

        public int Int(string column, int min, int max)
        {
            var v = S(column);
            if (!Values.TryInt(v, out var i))
            {
                errors.Add(name, row.Line, column, v.Length == 0 ? "is required" : $"{Values.Quote(v)} is not a whole number");
                return min;
            }
            if (i < min || i > max)
            {
                errors.Add(name, row.Line, column, string.Create(CultureInfo.InvariantCulture, $"must be between {min} and {max}, got {v}"));
            }
            return i;
        }
    }
}
