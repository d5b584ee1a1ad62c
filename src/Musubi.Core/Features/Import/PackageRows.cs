using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Features.Import;

internal sealed record PartRow(long Line, string Id, string Name, string? NameJa, bool EndItem, bool Weapon, string? Usml, string? Eccn,
    string? JpControl, FiveCategory? FiveCategory, bool Illustrative, Marking Marking);

internal sealed record OfferRow(long Line, string Id, string PartId, string FacilityId, decimal CapacityPerMonth, int LeadTimeDays,
    decimal UnitCostUsd, bool Qualified, int? QualificationMonths, decimal? QualificationCostUsd, bool Illustrative, Marking Marking);

internal readonly record struct OfferInputRow(long Line, string OfferId, string InputPartId, decimal QuantityPerUnit);

internal readonly record struct ApprovedSourceRow(long Line, string OfferId, string InputPartId, string SourceOfferId);

/// <summary>
/// The high-volume tables of a supply-network package (parts, offers, offer inputs, approved sources), parsed
/// straight from CSV into compact rows. Cell errors are reported with file, line and column.
/// </summary>
internal static class PackageRows
{
    private static readonly string[] MarkingColumns = ["marking", "need_to_know"];
    public static readonly string[] PartRequired = ["id", "name", "end_item", "weapon", "usml", "eccn"];
    public static readonly string[] PartOptional = ["name_ja", "jp_control", "five_category", "illustrative", .. MarkingColumns];
    public static readonly string[] OfferRequired = ["id", "part_id", "facility_id", "capacity_per_month", "lead_time_days", "unit_cost_usd", "qualified"];
    public static readonly string[] QualificationColumns = ["qualification_months", "qualification_cost_usd"];
    public static readonly string[] OfferOptional = [.. QualificationColumns, "illustrative", .. MarkingColumns];
    public static readonly string[] OfferInputRequired = ["offer_id", "input_part_id", "quantity_per_unit"];
    public static readonly string[] ApprovedSourceRequired = ["offer_id", "input_part_id", "source_offer_id"];

    private static readonly Marking Unmarked = new();

    // The column sizes of PartConfiguration: checked here because package rows bypass EF.
    private static readonly (string Column, int Limit)[] PartLimits = [("name", 300), ("name_ja", 300), ("usml", 40), ("eccn", 40), ("jp_control", 40)];

    private sealed class Reader(TabularFile file, ErrorSink errors)
    {
        public TabularRow Row;

        public string S(string column) => TabularFile.Get(Row, file.Index(column)).Trim();

        public string? N(string column)
        {
            var v = S(column);
            return v.Length == 0 ? null : v;
        }

        public string Id(string column)
        {
            var v = S(column);
            if (!Values.IsId(v))
            {
                errors.Add(file.Name, Row.Line, column, $"{Values.Quote(v)} {Values.IdRule}");
            }
            return v;
        }

        public bool Bool(string column)
        {
            var v = S(column);
            if (!Values.TryBool(v, out var b))
            {
                errors.Add(file.Name, Row.Line, column, $"{Values.Quote(v)} is not true or false");
            }
            return b;
        }

        public decimal NonNegative(string column, bool strictlyPositive = false)
        {
            var v = S(column);
            if (!Values.TryDecimal(v, out var d))
            {
                errors.Add(file.Name, Row.Line, column, v.Length == 0 ? "is required" : $"{Values.Quote(v)} is not a number");
                return 0;
            }
            if (Values.SignProblem(v, d, strictlyPositive) is { } problem)
            {
                errors.Add(file.Name, Row.Line, column, problem);
            }
            return d;
        }

        public int NonNegativeInt(string column)
        {
            var v = S(column);
            if (!Values.TryInt(v, out var i))
            {
                errors.Add(file.Name, Row.Line, column, v.Length == 0 ? "is required" : $"{Values.Quote(v)} is not a whole number");
                return 0;
            }
            if (i < 0)
            {
                errors.Add(file.Name, Row.Line, column, $"must be ≥ 0, got {v}");
            }
            return i;
        }

        /// <summary>An optional whole number ≥ 0: null when the column is missing or the cell is empty (unknown).</summary>
        public int? OptionalNonNegativeInt(string column)
        {
            var v = S(column);
            if (v.Length == 0)
            {
                return null;
            }
            if (!Values.TryInt(v, out var i) || i < 0)
            {
                errors.Add(file.Name, Row.Line, column, $"must be an integer ≥ 0, got {Values.Quote(v)}");
                return null;
            }
            return i;
        }

        /// <summary>An optional number ≥ 0: null when the column is missing or the cell is empty (unknown).</summary>
        public decimal? OptionalNonNegative(string column)
        {
            var v = S(column);
            if (v.Length == 0)
            {
                return null;
            }
            if (!Values.TryDecimal(v, out var d) || d < 0)
            {
                errors.Add(file.Name, Row.Line, column, $"must be a number ≥ 0, got {Values.Quote(v)}");
                return null;
            }
            return d;
        }

        public Marking Marking()
        {
            var banner = N("marking");
            var ntk = N("need_to_know");
            if (banner is null && ntk is null)
            {
                return Unmarked;
            }
            var m = Access.Marking.TryParse(banner, ntk, out var error);
            if (m is null)
            {
                errors.Add(file.Name, Row.Line, "marking", error!);
                return Unmarked;
            }
            return m;
        }

        public bool Has(string column) => file.Has(column);
    }

    public static PartRow Part(TabularFile file, TabularRow row, ErrorSink errors)
    {
        var r = new Reader(file, errors) { Row = row };
        FiveCategory? five = null;
        if (r.N("five_category") is { } text)
        {
            if (EnumText.TryParse<FiveCategory>(text, out var f))
            {
                five = f;
            }
            else
            {
                errors.Add(file.Name, row.Line, "five_category", $"'{text}' is not one of {EnumText.Allowed<FiveCategory>()}");
            }
        }
        var name = r.S("name");
        if (name.Length == 0)
        {
            errors.Add(file.Name, row.Line, "name", "is required");
        }
        foreach (var (column, limit) in PartLimits)
        {
            if (r.S(column).Length > limit)
            {
                errors.Add(file.Name, row.Line, column, $"is longer than {limit} characters");
            }
        }
        return new PartRow(row.Line, r.Id("id"), name, r.N("name_ja"), r.Bool("end_item"), r.Bool("weapon"), r.N("usml"), r.N("eccn"),
            r.N("jp_control"), five, r.Bool("illustrative"), r.Marking());
    }

    public static OfferRow Offer(TabularFile file, TabularRow row, ErrorSink errors)
    {
        var r = new Reader(file, errors) { Row = row };
        return new OfferRow(row.Line, r.Id("id"), r.Id("part_id"), r.Id("facility_id"), r.NonNegative("capacity_per_month"),
            r.NonNegativeInt("lead_time_days"), r.NonNegative("unit_cost_usd"), r.Bool("qualified"),
            r.OptionalNonNegativeInt("qualification_months"), r.OptionalNonNegative("qualification_cost_usd"), r.Bool("illustrative"), r.Marking());
    }

    public static OfferInputRow OfferInput(TabularFile file, TabularRow row, ErrorSink errors)
    {
        var r = new Reader(file, errors) { Row = row };
        return new OfferInputRow(row.Line, r.Id("offer_id"), r.Id("input_part_id"), r.NonNegative("quantity_per_unit", strictlyPositive: true));
    }

    public static ApprovedSourceRow ApprovedSource(TabularFile file, TabularRow row, ErrorSink errors)
    {
        var r = new Reader(file, errors) { Row = row };
        return new ApprovedSourceRow(row.Line, r.Id("offer_id"), r.Id("input_part_id"), r.Id("source_offer_id"));
    }
}
