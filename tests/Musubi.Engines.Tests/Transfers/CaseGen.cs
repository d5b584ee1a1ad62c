using CsCheck;
using Musubi.Engines.Transfers;

namespace Musubi.Engines.Tests.Transfers;

/// <summary>Random transfer cases over the countries, dates and item kinds the rules care about.</summary>
internal static class CaseGen
{
    public static readonly string[] Countries =
        ["JP", "US", "AU", "GB", "IT", "UA", "RU", "CN", "IN", "PH", "KR", "DE", "FR", "KP", "IR", "SE", "CA", "MN", "AE", "BR", "IL", "NZ", "VN"];

    private static readonly Gen<string?> Country = Pick(Countries.Append(null).ToArray());

    private static Gen<string?> Maybe(string[] values) => Pick(values.Append(null).ToArray());

    public static Gen<T> Pick<T>(params T[] values) => Gen.Int[0, values.Length - 1].Select(i => values[i]);

    private static readonly Gen<bool?> MaybeBool = CaseGen.Pick<bool?>(null, true, false);

    public static readonly Gen<DateOnly> Date = Gen.Int[new DateOnly(1967, 1, 1).DayNumber, new DateOnly(2035, 12, 31).DayNumber].Select(DateOnly.FromDayNumber);

    public static readonly Gen<TransferItem> Item =
        Gen.Select(
            Pick(TransferVocabulary.Kinds),
            MaybeBool,
            Maybe(TransferVocabulary.Categories),
            Gen.Select(Country, Country, Country),
            Gen.Select(Pick(Countries).Array[0, 3], CaseGen.Pick<string?>(null, "GCAP", "Patriot", "F-35", "SM-3", "BMD")),
            Gen.Select(MaybeBool, MaybeBool, MaybeBool, CaseGen.Pick<int?>(null, 1, 2)),
            CaseGen.Pick<decimal?>(null, 300, 390, 799, 800, 900))
        .Select((kind, weapon, category, countries, co, flags, speed) => new TransferItem
        {
            Kind = kind,
            Weapon = weapon,
            Category = kind == "finished_equipment" ? category : null,
            Origin = countries.Item1,
            Licensor = countries.Item2 is { } l && l != countries.Item3 ? l : null,
            MadeIn = countries.Item3,
            CoDevelopers = co.Item1.Distinct().ToArray(),
            Program = co.Item2,
            Mde = kind is "service" or "technology" ? null : flags.Item1,
            Sme = flags.Item2,
            Uas = kind is "service" or "technology" ? null : flags.Item3,
            MtcrCategory = flags.Item4,
            MaxSpeedKmh = speed,
        });

    public static readonly Gen<TransferCase> Case =
        Gen.Select(
            Date,
            Pick(Countries),
            Pick(Countries),
            Item,
            Gen.Select(Maybe(TransferVocabulary.Channels), Maybe(TransferVocabulary.Recipients), Maybe(TransferVocabulary.Purposes)),
            CaseGen.Pick<decimal?>(null, 0, 999_999, 1_000_000, 13_999_999, 14_000_000, 24_999_999, 25_000_000, 50_000_000, 99_999_999, 100_000_000, 2_350_000_000))
        .Where((_, from, to, item, enums, _) => from != to && (enums.Item3 != "return_to_licensor" || item.Licensor == to))
        .Select((date, from, to, item, enums, value) => new TransferCase
        {
            Id = "gen",
            Date = date,
            From = from,
            To = to,
            Item = item,
            Channel = enums.Item1,
            Recipient = enums.Item2,
            Purpose = enums.Item3,
            ValueUsd = value,
        });
}
