using System.Globalization;
using System.Text.Json.Nodes;

namespace Musubi.Web.Pages.Transfers;

/// <summary>
/// The transfer-check form's fields, named as in the contract. They become one case's JSON, which the same reader as
/// the API checks (so an error names the contract's field, e.g. <c>item.kind</c>).
/// </summary>
public sealed class TransferForm
{
    public string? Date { get; set; }
    public string? From { get; set; }
    public string? To { get; set; }
    public string? Name { get; set; }
    public string? Kind { get; set; }
    public string? Weapon { get; set; }
    public string? Category { get; set; }
    public string? Origin { get; set; }
    public string? Licensor { get; set; }
    public string? MadeIn { get; set; }
    public string? CoDevelopers { get; set; }
    public string? Program { get; set; }
    public string? Mde { get; set; }
    public string? Sme { get; set; }
    public string? Usml { get; set; }
    public string? Eccn { get; set; }
    public string? MtcrCategory { get; set; }
    public string? Uas { get; set; }
    public string? MaxSpeedKmh { get; set; }
    public string? Channel { get; set; }
    public string? Recipient { get; set; }
    public string? ValueUsd { get; set; }
    public string? Purpose { get; set; }
    public string? FightingOngoing { get; set; }

    /// <summary>Whether anything was entered (an empty form shows no result and no errors).</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(From) && string.IsNullOrWhiteSpace(To) && string.IsNullOrWhiteSpace(Kind);

    /// <summary>
    /// The case as JSON. Text goes in as text (the reader reports a bad value against its field); a number field that
    /// is not a number is sent as text too, so the reader names it.
    /// </summary>
    public string ToJson()
    {
        var item = new JsonObject();
        Text(item, "name", Name);
        Text(item, "kind", Kind);
        Flag(item, "weapon", Weapon);
        Text(item, "category", Category);
        Country(item, "origin", Origin);
        Country(item, "licensor", Licensor);
        Country(item, "madeIn", MadeIn);
        if (!string.IsNullOrWhiteSpace(CoDevelopers))
        {
            item["coDevelopers"] = new JsonArray([.. CoDevelopers.Split([' ', ',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(c => (JsonNode)JsonValue.Create(c.ToUpperInvariant()))]);
        }
        Text(item, "program", Program);
        Flag(item, "mde", Mde);
        Flag(item, "sme", Sme);
        Text(item, "usml", Usml);
        Text(item, "eccn", Eccn);
        Number(item, "mtcrCategory", MtcrCategory);
        Flag(item, "uas", Uas);
        Number(item, "maxSpeedKmh", MaxSpeedKmh);
        var c = new JsonObject();
        Text(c, "date", Date);
        Country(c, "from", From);
        Country(c, "to", To);
        c["item"] = item;
        Text(c, "channel", Channel);
        Text(c, "recipient", Recipient);
        Number(c, "valueUsd", ValueUsd);
        Text(c, "purpose", Purpose);
        if (FightingOngoing is "true" or "false")
        {
            c["facts"] = new JsonObject { ["destinationFightingOngoing"] = FightingOngoing == "true" };
        }
        return c.ToJsonString();
    }

    private static void Text(JsonObject o, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            o[name] = value.Trim();
        }
    }

    private static void Country(JsonObject o, string name, string? value) => Text(o, name, value?.Trim().ToUpperInvariant());

    private static void Flag(JsonObject o, string name, string? value)
    {
        if (value is "true" or "false")
        {
            o[name] = value == "true";
        }
    }

    private static void Number(JsonObject o, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }
        o[name] = decimal.TryParse(value.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(value.Trim());
    }
}
