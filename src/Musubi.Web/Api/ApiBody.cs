using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Musubi.Core.Features.Import;

namespace Musubi.Web.Api;

/// <summary>
/// Reads a JSON request body with the same rules as an import file (unknown fields are errors), so a bad body
/// becomes a 400 ProblemDetails that names the field instead of an exception.
/// </summary>
internal static class ApiBody
{
    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request) where T : class
    {
        if (request.ContentType is null || !request.ContentType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem("body", "send the record as application/json"));
        }
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonRecords.Options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problem("body", "the body is empty")) : (value, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } p ? p[2..] : "body";
            var message = JsonRecords.FirstSentence(ex.Message);
            return (null, Problem(field, string.Create(CultureInfo.InvariantCulture, $"{message} (line {(ex.LineNumber ?? 0) + 1})")));
        }
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>Parses <c>If-Match: "7"</c>. Absent → null (no check); unparseable → 0, which never matches a stored version.</summary>
    public static uint? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return uint.TryParse(text.Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
    }

    public static string ETag(uint version) => string.Create(CultureInfo.InvariantCulture, $"\"{version}\"");
}
