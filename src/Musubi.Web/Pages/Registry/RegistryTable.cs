namespace Musubi.Web.Pages.Registry;

/// <summary>A list page's table: the columns (with the sort field each one orders by) and the rows.</summary>
public sealed record RegistryTable(IReadOnlyList<RegistryColumn> Columns, IReadOnlyList<RegistryRow> Rows);

/// <param name="Label">The localized header.</param>
/// <param name="SortKey">The resource's sort field, or null when the column does not sort.</param>
/// <param name="Compact">Short values (a status, a date, a number) that should not wrap.</param>
public sealed record RegistryColumn(string Label, string? SortKey = null, bool Numeric = false, bool Compact = false);

/// <param name="Note">Secondary text under the main text, e.g. a capability code under its label.</param>
public sealed record RegistryCell(string Text, string? Href = null, string? Lang = null, string? Note = null);

/// <param name="Marking">The record's banner as written in files: empty when unmarked.</param>
public sealed record RegistryRow(string Id, IReadOnlyList<RegistryCell> Cells, string? Marking, string? NeedToKnow, bool Illustrative);

/// <summary>A choice in a filter's drop-down.</summary>
public sealed record FilterOption(string Value, string Label, string? Lang = null);
