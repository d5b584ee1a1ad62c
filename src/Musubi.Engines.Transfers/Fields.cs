using System.Collections.Frozen;

namespace Musubi.Engines.Transfers;

/// <summary>The type of a case field, which decides the operators a condition may use on it.</summary>
internal enum FieldType
{
    Country,
    CountryList,
    Enum,
    Bool,
    Text,
    Number,
    Integer,
}

/// <summary>The case fields rule conditions can test.</summary>
internal enum FieldId
{
    From,
    To,
    ItemOrigin,
    ItemLicensor,
    ItemMadeIn,
    ItemCoDevelopers,
    Channel,
    Recipient,
    Purpose,
    ItemKind,
    ItemCategory,
    ItemWeapon,
    ItemMde,
    ItemSme,
    ItemUas,
    ItemProgram,
    ItemUsml,
    ItemEccn,
    ValueUsd,
    ItemMaxSpeedKmh,
    ItemMtcrCategory,
}

internal sealed record FieldSpec(FieldId Id, string Path, FieldType Type, int Slot, string[]? Values = null);

/// <summary>The vocabulary of the contract: field paths, their types and the values enumerations allow.</summary>
public static class TransferVocabulary
{
    /// <summary>Values of <c>item.kind</c>.</summary>
    public static readonly string[] Kinds = ["finished_equipment", "component", "technology", "service"];

    /// <summary>Values of <c>item.category</c> (Japan's five categories, 2014-04-01 to 2026-04-21).</summary>
    public static readonly string[] Categories = ["rescue", "transport", "warning", "surveillance", "minesweeping"];

    /// <summary>Values of <c>channel</c>.</summary>
    public static readonly string[] Channels = ["fms", "dcs", "government", "commercial"];

    /// <summary>Values of <c>recipient</c>.</summary>
    public static readonly string[] Recipients = ["government", "un", "company"];

    /// <summary>Values of <c>purpose</c>.</summary>
    public static readonly string[] Purposes =
    [
        "joint_development", "licensed_production", "return_to_licensor", "peace_contribution",
        "security_cooperation", "defense_against_aggression", "sdf_activity",
    ];

    /// <summary>Values of <c>item.usml</c>: the USML categories (22 CFR 121.1).</summary>
    public static readonly string[] UsmlCategories =
        ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"];

    internal static readonly FieldSpec[] Fields =
    [
        new(FieldId.From, "from", FieldType.Country, 0),
        new(FieldId.To, "to", FieldType.Country, 1),
        new(FieldId.ItemOrigin, "item.origin", FieldType.Country, 2),
        new(FieldId.ItemLicensor, "item.licensor", FieldType.Country, 3),
        new(FieldId.ItemMadeIn, "item.madeIn", FieldType.Country, 4),
        new(FieldId.ItemCoDevelopers, "item.coDevelopers", FieldType.CountryList, 0),
        new(FieldId.Channel, "channel", FieldType.Enum, 0, Channels),
        new(FieldId.Recipient, "recipient", FieldType.Enum, 1, Recipients),
        new(FieldId.Purpose, "purpose", FieldType.Enum, 2, Purposes),
        new(FieldId.ItemKind, "item.kind", FieldType.Enum, 3, Kinds),
        new(FieldId.ItemCategory, "item.category", FieldType.Enum, 4, Categories),
        new(FieldId.ItemWeapon, "item.weapon", FieldType.Bool, 0),
        new(FieldId.ItemMde, "item.mde", FieldType.Bool, 1),
        new(FieldId.ItemSme, "item.sme", FieldType.Bool, 2),
        new(FieldId.ItemUas, "item.uas", FieldType.Bool, 3),
        new(FieldId.ItemProgram, "item.program", FieldType.Text, 0),
        new(FieldId.ItemUsml, "item.usml", FieldType.Text, 1),
        new(FieldId.ItemEccn, "item.eccn", FieldType.Text, 2),
        new(FieldId.ValueUsd, "valueUsd", FieldType.Number, 0),
        new(FieldId.ItemMaxSpeedKmh, "item.maxSpeedKmh", FieldType.Number, 1),
        new(FieldId.ItemMtcrCategory, "item.mtcrCategory", FieldType.Integer, 2),
    ];

    internal static readonly FrozenDictionary<string, FieldSpec> ByPath =
        Fields.ToFrozenDictionary(f => f.Path, StringComparer.Ordinal);

    /// <summary>Every field path a rule condition may test.</summary>
    public static IEnumerable<string> FieldPaths => Fields.Select(f => f.Path);
}
