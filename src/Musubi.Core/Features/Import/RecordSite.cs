namespace Musubi.Core.Features.Import;

/// <summary>
/// Where a record came from: file and line, and whether its fields are named in snake_case (CSV, XLSX)
/// or camelCase (JSON), so that an error names the field the way the user wrote it.
/// </summary>
internal sealed record RecordSite(string File, long Line, bool SnakeCase)
{
    public void Error(ErrorSink errors, string camelField, string message) =>
        errors.Add(File, Line, SnakeCase ? Values.Snake(camelField) : camelField, message);
}

/// <summary>A record plus where it came from.</summary>
internal sealed record Sited<T>(RecordSite Site, T Record);
