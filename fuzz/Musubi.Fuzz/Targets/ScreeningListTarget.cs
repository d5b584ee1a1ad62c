using System.Security.Cryptography;
using Musubi.Engines.Screening;

namespace Musubi.Fuzz;

/// <summary>
/// Denied-party list files as <c>./musubi screen lists import</c>, <c>POST /api/screening/lists</c> and
/// <c>./musubi screen --list</c> read them (<see cref="ListReaders.Read"/>): the same bytes through all four readers
/// (FollowTheMoney JSON lines, CSL CSV, CSL JSON, plain CSV) and <see cref="ListReaders.Detect"/>. Invariants:
/// <list type="bullet">
/// <item>each reader returns entities or throws <see cref="ListFormatException"/> — no other exception, never an empty list;</item>
/// <item>a problem has a line from 0 to the file's last line, a field and a message, and prints as one line; there are
/// 1 to <see cref="ListReaders.MaxProblems"/> of them, and the exception's message is one line too;</item>
/// <item>a list read is clean: unique ids, at least one name of kind Name per entity, names trimmed and 1–1,000
/// characters without control characters, countries two upper-case letters, identifier schemes from the fixed set, the
/// name count their sum, and the content hash the SHA-256 of the input;</item>
/// <item>a plain CSV list written back (<c>PlainCsv.Write</c>) reads back to the same entities.</item>
/// </list>
/// </summary>
internal sealed class ScreeningListTarget : IFuzzTarget
{
    private static readonly string[] Schemes = ["lei", "cage", "uei", "jcn", "imo", "duns", "registration", "other"];

    public string Name => "screening-list";

    public string Description => "denied-party lists: FollowTheMoney JSONL, CSL CSV and JSON, plain CSV (ListReaders), plain CSV round trip";

    public void Setup()
    {
    }

    public void Run(byte[] input)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(input));
        var lines = 1 + input.Count(b => b is (byte)'\n' or (byte)'\r');
        foreach (var format in Enum.GetValues<ListFormat>())
        {
            ListReadResult read;
            try
            {
                using var stream = new MemoryStream(input, writable: false);
                read = ListReaders.Read(stream, format, "fuzz");
            }
            catch (ListFormatException ex)
            {
                CheckProblems(format, ex, lines);
                continue;
            }
            CheckList(format, read, hash);
            if (format == ListFormat.PlainCsv)
            {
                RoundTrip(read);
            }
        }
        _ = ListReaders.Detect("fuzz", input);
        _ = ListReaders.Detect("fuzz.json", input);
        _ = ListReaders.Detect("fuzz.csv", input);
    }

    private static void CheckProblems(ListFormat format, ListFormatException ex, int lines)
    {
        if (ex.Problems.Count is < 1 or > ListReaders.MaxProblems)
        {
            throw new InvariantViolation($"{format}: {ex.Problems.Count} problems");
        }
        if (TransferExamples.MultiLine(ex.Message))
        {
            throw new InvariantViolation($"{format}: the exception's message prints as several lines");
        }
        foreach (var p in ex.Problems)
        {
            if (string.IsNullOrWhiteSpace(p.Field) || string.IsNullOrWhiteSpace(p.Message))
            {
                throw new InvariantViolation($"{format}: a problem without a field or a message: '{p}'");
            }
            if (p.Line < 0 || p.Line > lines)
            {
                throw new InvariantViolation($"{format}: problem on line {p.Line} of a {lines}-line input: '{p}'");
            }
            if (TransferExamples.MultiLine(p.ToString()))
            {
                throw new InvariantViolation($"{format}: a problem prints as several lines: '{Escape(p.ToString())}'");
            }
        }
    }

    private static void CheckList(ListFormat format, ListReadResult read, string hash)
    {
        if (read.Entities.Count == 0)
        {
            throw new InvariantViolation($"{format}: a list read with no entities");
        }
        if (read.ContentHash != hash)
        {
            throw new InvariantViolation($"{format}: content hash {read.ContentHash}, SHA-256 of the input {hash}");
        }
        if (read.NameCount != read.Entities.Sum(e => e.Names.Count))
        {
            throw new InvariantViolation($"{format}: name count {read.NameCount} is not the sum of the entities' names");
        }
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in read.Entities)
        {
            if (string.IsNullOrWhiteSpace(e.Id) || e.Id != e.Id.Trim() || !ids.Add(e.Id))
            {
                throw new InvariantViolation($"{format}: a blank, untrimmed or repeated id '{Escape(e.Id)}'");
            }
            if (!e.Names.Any(n => n.Kind == NameKind.Name))
            {
                throw new InvariantViolation($"{format}: entity '{Escape(e.Id)}' has no name of kind Name");
            }
            foreach (var n in e.Names)
            {
                if (n.Value.Length is 0 or > 1000 || n.Value != n.Value.Trim() || n.Value.Any(c => char.IsControl(c)))
                {
                    throw new InvariantViolation($"{format}: entity '{Escape(e.Id)}' has the name '{Escape(n.Value)}'");
                }
            }
            if (e.Countries.Any(c => c.Length != 2 || !char.IsAsciiLetterUpper(c[0]) || !char.IsAsciiLetterUpper(c[1])))
            {
                throw new InvariantViolation($"{format}: entity '{Escape(e.Id)}' has countries {string.Join(",", e.Countries)}");
            }
            if (e.Identifiers.Any(i => !Schemes.Contains(i.Scheme) || i.Value.Length == 0))
            {
                throw new InvariantViolation($"{format}: entity '{Escape(e.Id)}' has identifiers {string.Join(",", e.Identifiers)}");
            }
        }
    }

    private static void RoundTrip(ListReadResult read)
    {
        var csv = PlainCsv.Write(read.Entities);
        ListReadResult again;
        try
        {
            using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(csv));
            again = ListReaders.Read(stream, ListFormat.PlainCsv, "fuzz-again");
        }
        catch (ListFormatException ex)
        {
            throw new InvariantViolation($"the plain CSV written back does not read: {ex.Message}");
        }
        if (Describe(read.Entities) != Describe(again.Entities))
        {
            throw new InvariantViolation($"the plain CSV written back reads differently:\n{Describe(read.Entities)}\n---\n{Describe(again.Entities)}");
        }
    }

    private static string Describe(IEnumerable<ScreeningEntity> entities) => string.Join("\n", entities.Select(e =>
        $"{Escape(e.Id)}|{string.Join(";", e.Names.Select(n => n.Kind + ":" + Escape(n.Value)))}|{string.Join(";", e.Countries)}|{string.Join(";", e.Identifiers.Select(i => i.Scheme + ":" + Escape(i.Value)))}"));

    private static string Escape(string s) => s.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
}
