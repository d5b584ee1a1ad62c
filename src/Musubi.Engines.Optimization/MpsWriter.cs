using System.Globalization;
using System.Text;

namespace Musubi.Engines.Optimization;

/// <summary>
/// Writes a linear or mixed-integer model in free MPS, every number in round-trip precision ("R"), so an independent
/// solver reads exactly the model that was solved. Rows with two finite, different bounds use RANGES; integer columns
/// sit between MARKER lines (INTORG/INTEND); a maximization has an <c>OBJSENSE MAX</c> section (which Debian's
/// <c>clp</c> ignores: pass it <c>-max</c>). The first line is a comment saying what the model is; MPS has a model name
/// (one word) on its NAME line.
/// </summary>
internal static class MpsWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Write(
        string modelName,
        string comment,
        IReadOnlyList<(string Name, double Lower, double Upper, bool Integer)> columns,
        IReadOnlyList<(string Name, double Lower, double Upper)> rows,
        IReadOnlyList<(int Row, int Column, double Value)> entries,
        IReadOnlyDictionary<int, double> costs,
        bool maximize)
    {
        var byColumn = new List<(int Row, double Value)>[columns.Count];
        foreach (var (row, column, value) in entries)
        {
            (byColumn[column] ??= []).Add((row, value));
        }
        var text = new StringBuilder(64 * (columns.Count + rows.Count + entries.Count));
        text.Append("* ").Append(OneLine(comment)).Append('\n');
        text.Append(Invariant, $"* {columns.Count} columns, {rows.Count} rows, {entries.Count} nonzeros\n");
        text.Append("NAME ").Append(modelName).Append('\n');
        if (maximize)
        {
            text.Append("OBJSENSE\n    MAX\n");
        }
        text.Append("ROWS\n N  COST\n");
        foreach (var (name, lower, upper) in rows)
        {
            var kind = Kind(lower, upper);
            text.Append(' ').Append(kind).Append("  ").Append(name).Append('\n');
        }
        text.Append("COLUMNS\n");
        var integer = false;
        for (var j = 0; j < columns.Count; j++)
        {
            var column = columns[j];
            if (column.Integer != integer)
            {
                text.Append(column.Integer ? "    MARKER  'MARKER'  'INTORG'\n" : "    MARKER  'MARKER'  'INTEND'\n");
                integer = column.Integer;
            }
            var any = false;
            if (costs.TryGetValue(j, out var cost) && cost != 0)
            {
                Entry(text, column.Name, "COST", cost);
                any = true;
            }
            foreach (var (row, value) in byColumn[j] ?? [])
            {
                Entry(text, column.Name, rows[row].Name, value);
                any = true;
            }
            if (!any)
            {
                // A column must appear in COLUMNS to exist.
                Entry(text, column.Name, "COST", 0);
            }
        }
        if (integer)
        {
            text.Append("    MARKER  'MARKER'  'INTEND'\n");
        }
        text.Append("RHS\n");
        foreach (var (name, lower, upper) in rows)
        {
            var rhs = Kind(lower, upper) switch
            {
                "G" or "E" => lower,
                "L" => upper,
                _ => 0,
            };
            if (rhs != 0)
            {
                Entry(text, "RHS", name, rhs);
            }
        }
        var ranges = rows.Where(r => double.IsFinite(r.Lower) && double.IsFinite(r.Upper) && r.Lower != r.Upper).ToList();
        if (ranges.Count > 0)
        {
            text.Append("RANGES\n");
            foreach (var (name, lower, upper) in ranges)
            {
                Entry(text, "RNG", name, upper - lower);
            }
        }
        text.Append("BOUNDS\n");
        foreach (var (name, lower, upper, isInteger) in columns)
        {
            if (lower == upper)
            {
                Bound(text, "FX", name, lower);
                continue;
            }
            if (isInteger && lower == 0 && upper == 1)
            {
                text.Append(" BV BND ").Append(name).Append('\n');
                continue;
            }
            if (double.IsNegativeInfinity(lower))
            {
                text.Append(" MI BND ").Append(name).Append('\n');
            }
            else if (lower != 0)
            {
                Bound(text, "LO", name, lower);
            }
            if (double.IsFinite(upper))
            {
                Bound(text, "UP", name, upper);
            }
            else if (isInteger)
            {
                text.Append(" PL BND ").Append(name).Append('\n');
            }
        }
        text.Append("ENDATA\n");
        return text.ToString();
    }

    /// <summary>The same model in CPLEX LP format (ranges as two rows, integer columns under Generals/Binaries).</summary>
    public static string WriteLp(
        string comment,
        IReadOnlyList<(string Name, double Lower, double Upper, bool Integer)> columns,
        IReadOnlyList<(string Name, double Lower, double Upper)> rows,
        IReadOnlyList<(int Row, int Column, double Value)> entries,
        IReadOnlyDictionary<int, double> costs,
        bool maximize)
    {
        var byRow = new List<(int Column, double Value)>[rows.Count];
        foreach (var (row, column, value) in entries)
        {
            (byRow[row] ??= []).Add((column, value));
        }
        var text = new StringBuilder(64 * (columns.Count + rows.Count + entries.Count));
        text.Append("\\ ").Append(OneLine(comment)).Append('\n');
        text.Append(maximize ? "Maximize\n" : "Minimize\n").Append(" obj:");
        foreach (var (column, cost) in costs.OrderBy(c => c.Key))
        {
            Term(text, cost, columns[column].Name);
        }
        text.Append("\nSubject To\n");
        for (var r = 0; r < rows.Count; r++)
        {
            var (name, lower, upper) = rows[r];
            var kind = Kind(lower, upper);
            if (kind == "N")
            {
                continue;
            }
            void Line(string label, string sense, double rhs)
            {
                text.Append(' ').Append(label).Append(':');
                foreach (var (column, value) in byRow[r] ?? [])
                {
                    Term(text, value, columns[column].Name);
                }
                if (byRow[r] is null)
                {
                    text.Append(" 0 ").Append(columns.Count > 0 ? columns[0].Name : "x");
                }
                text.Append(' ').Append(sense).Append(' ').Append(rhs.ToString("R", Invariant)).Append('\n');
            }
            if (kind == "E")
            {
                Line(name, "=", lower);
            }
            else
            {
                if (double.IsFinite(lower))
                {
                    Line(double.IsFinite(upper) ? name + "_lo" : name, ">=", lower);
                }
                if (double.IsFinite(upper))
                {
                    Line(double.IsFinite(lower) ? name + "_hi" : name, "<=", upper);
                }
            }
        }
        text.Append("Bounds\n");
        foreach (var (name, lower, upper, _) in columns)
        {
            var lo = double.IsNegativeInfinity(lower) ? "-inf" : lower.ToString("R", Invariant);
            var hi = double.IsPositiveInfinity(upper) ? "+inf" : upper.ToString("R", Invariant);
            text.Append(' ').Append(lo).Append(" <= ").Append(name).Append(" <= ").Append(hi).Append('\n');
        }
        var integers = columns.Where(c => c.Integer).Select(c => c.Name).ToList();
        if (integers.Count > 0)
        {
            text.Append("Generals\n");
            foreach (var name in integers)
            {
                text.Append(' ').Append(name).Append('\n');
            }
        }
        text.Append("End\n");
        return text.ToString();
    }

    private static string OneLine(string comment) => comment.ReplaceLineEndings(" ");

    private static void Term(StringBuilder text, double value, string name) =>
        text.Append(value < 0 ? " - " : " + ").Append(Math.Abs(value).ToString("R", Invariant)).Append(' ').Append(name);

    /// <summary>E (equal), G (≥ lower; with a finite upper too, the range is in RANGES), L (≤ upper), N (free).</summary>
    private static string Kind(double lower, double upper) =>
        lower == upper ? "E" : double.IsFinite(lower) ? "G" : double.IsFinite(upper) ? "L" : "N";

    private static void Entry(StringBuilder text, string column, string row, double value) =>
        text.Append("    ").Append(column).Append(' ').Append(row).Append(' ').Append(value.ToString("R", Invariant)).Append('\n');

    private static void Bound(StringBuilder text, string kind, string column, double value) =>
        text.Append(' ').Append(kind).Append(" BND ").Append(column).Append(' ').Append(value.ToString("R", Invariant)).Append('\n');
}
