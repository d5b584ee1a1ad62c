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
            // Bodies are small (the server refuses more than 1 MiB): read once, check, then bind.
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
            var value = JsonSerializer.Deserialize<T>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), JsonRecords.Options);
            if (value is null)
            {
                return (null, Problem("body", "the body is empty"));
            }
            return NulIn(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is { } field
                ? (null, Problem(field, "text may not contain the NUL character (U+0000)"))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var field = ex.Path is { Length: > 2 } p ? p[2..] : "body";
            var message = JsonRecords.FirstSentence(ex, typeof(T));
            return (null, Problem(field, string.Create(CultureInfo.InvariantCulture, $"{message} (line {(ex.LineNumber ?? 0) + 1})")));
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.Text.DecoderFallbackException)
        {
            return (null, Problem("body", "the body is not valid UTF-8"));
        }
    }

    /// <summary>The first field whose text holds U+0000 (PostgreSQL cannot store it; no real value has it), or null.</summary>
    private static string? NulIn(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = JsonRecords.Options.MaxDepth > 0 ? JsonRecords.Options.MaxDepth : 64 });
        string? property = null;
        while (reader.Read())
        {
            if (reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String)
            {
                var text = reader.ValueIsEscaped || reader.ValueSpan.Contains((byte)0) ? reader.GetString() ?? "" : "";
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    return reader.TokenType == JsonTokenType.PropertyName ? "body" : property ?? "body";
                }
                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    property = reader.GetString();
                }
            }
        }
        return null;
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
