namespace Musubi.Engines.Transfers;

/// <summary>One transfer to evaluate: what goes from whom to whom, on which date, through which channel.</summary>
public sealed class TransferCase
{
    /// <summary>The caller's id for the case, echoed in the result.</summary>
    public string? Id { get; init; }

    /// <summary>The date of the transfer; the rules and world facts in force on it decide.</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Exporting country (ISO 3166-1 alpha-2).</summary>
    public required string From { get; init; }

    /// <summary>Receiving country (ISO 3166-1 alpha-2).</summary>
    public required string To { get; init; }

    /// <summary>What is transferred.</summary>
    public required TransferItem Item { get; init; }

    /// <summary><c>fms</c>, <c>dcs</c>, <c>government</c> or <c>commercial</c>; null when not given.</summary>
    public string? Channel { get; init; }

    /// <summary><c>government</c>, <c>un</c> or <c>company</c>; null when not given.</summary>
    public string? Recipient { get; init; }

    /// <summary>Value of the transfer in U.S. dollars; null when not given.</summary>
    public decimal? ValueUsd { get; init; }

    /// <summary>The purpose the transfer serves (e.g. <c>joint_development</c>); null when not given.</summary>
    public string? Purpose { get; init; }

    /// <summary>Facts that override world data for a what-if (e.g. <c>destinationFightingOngoing</c>).</summary>
    public IReadOnlyDictionary<string, bool> Facts { get; init; } = EmptyFacts;

    internal static readonly IReadOnlyDictionary<string, bool> EmptyFacts = new Dictionary<string, bool>();

    /// <summary>A copy of this case dated <paramref name="date"/>.</summary>
    public TransferCase WithDate(DateOnly date) => new()
    {
        Id = Id,
        Date = date,
        From = From,
        To = To,
        Item = Item,
        Channel = Channel,
        Recipient = Recipient,
        ValueUsd = ValueUsd,
        Purpose = Purpose,
        Facts = Facts,
    };
}

/// <summary>The item or technology of a <see cref="TransferCase"/>.</summary>
public sealed class TransferItem
{
    /// <summary>A human name for the item.</summary>
    public string? Name { get; init; }

    /// <summary><c>finished_equipment</c>, <c>component</c>, <c>technology</c> or <c>service</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Whether the item is a weapon (lethal or destructive capability); null when not known.</summary>
    public bool? Weapon { get; init; }

    /// <summary>One of Japan's five categories (rescue, transport, warning, surveillance, minesweeping), or null.</summary>
    public string? Category { get; init; }

    /// <summary>Country of origin (design) of the item.</summary>
    public string? Origin { get; init; }

    /// <summary>Country whose licence the item is made under, if any.</summary>
    public string? Licensor { get; init; }

    /// <summary>Country where the item was made.</summary>
    public string? MadeIn { get; init; }

    /// <summary>Countries that co-develop the item.</summary>
    public IReadOnlyList<string> CoDevelopers { get; init; } = [];

    /// <summary>The program the item belongs to (e.g. <c>GCAP</c>).</summary>
    public string? Program { get; init; }

    /// <summary>Major defense equipment (AECA §47(6)).</summary>
    public bool? Mde { get; init; }

    /// <summary>Significant military equipment (ITAR §120.36).</summary>
    public bool? Sme { get; init; }

    /// <summary>USML category (roman numeral), if ITAR-controlled.</summary>
    public string? Usml { get; init; }

    /// <summary>ECCN on the Commerce Control List, if EAR-controlled.</summary>
    public string? Eccn { get; init; }

    /// <summary>MTCR Annex category (1 or 2), if any.</summary>
    public int? MtcrCategory { get; init; }

    /// <summary>Whether the item is an unmanned aircraft system.</summary>
    public bool? Uas { get; init; }

    /// <summary>Maximum airspeed in km/h (for the U.S. UAS policies).</summary>
    public decimal? MaxSpeedKmh { get; init; }
}
