using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Musubi.Engines.Transfers;

/// <summary>Writes enums in snake_case (<c>permitted_with_approval</c>, <c>allow_with_approvals</c>) whatever the caller's options.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;

/// <summary>The JSON contract of issue #3: camelCase fields, snake_case verdicts and effects, ISO dates.</summary>
public static class TransferJson
{
    /// <summary>Options for cases, results and timelines.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Indented variant for files and terminals.</summary>
    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    /// <summary>One result as contract JSON.</summary>
    public static string Serialize(TransferResult result, bool indented = false) => JsonSerializer.Serialize(result, indented ? Indented : Options);

    /// <summary>Results as a JSON array, in the order of the cases.</summary>
    public static string Serialize(IReadOnlyList<TransferResult> results, bool indented = false) => JsonSerializer.Serialize(results, indented ? Indented : Options);

    /// <summary>A timeline as JSON.</summary>
    public static string Serialize(TransferTimeline timeline, bool indented = false) => JsonSerializer.Serialize(timeline, indented ? Indented : Options);

    /// <summary>A case as contract JSON (absent fields omitted), e.g. to save it and read it back with <see cref="TransferCaseReader"/>.</summary>
    public static string Serialize(TransferCase transfer) => JsonSerializer.Serialize(new CaseDto(transfer), Options);

    private sealed class CaseDto(TransferCase c)
    {
        public string? Id => c.Id;
        public DateOnly Date => c.Date;
        public string From => c.From;
        public string To => c.To;
        public ItemDto Item { get; } = new(c.Item);
        public string? Channel => c.Channel;
        public string? Recipient => c.Recipient;
        public decimal? ValueUsd => c.ValueUsd;
        public string? Purpose => c.Purpose;
        public IReadOnlyDictionary<string, bool>? Facts => c.Facts.Count == 0 ? null : c.Facts;
    }

    private sealed class ItemDto(TransferItem i)
    {
        public string? Name => i.Name;
        public string Kind => i.Kind;
        public bool? Weapon => i.Weapon;
        public string? Category => i.Category;
        public string? Origin => i.Origin;
        public string? Licensor => i.Licensor;
        public string? MadeIn => i.MadeIn;
        public IReadOnlyList<string>? CoDevelopers => i.CoDevelopers.Count == 0 ? null : i.CoDevelopers;
        public string? Program => i.Program;
        public bool? Mde => i.Mde;
        public bool? Sme => i.Sme;
        public string? Usml => i.Usml;
        public string? Eccn => i.Eccn;
        public int? MtcrCategory => i.MtcrCategory;
        public bool? Uas => i.Uas;
        public decimal? MaxSpeedKmh => i.MaxSpeedKmh;
    }
}
