using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Musubi.Web.Tests.Security;

/// <summary>One operation of the OpenAPI document: method, path template, parameters and the body's shape.</summary>
public sealed record FuzzOperation(string Method, string Path, IReadOnlyList<FuzzParameter> Parameters, IReadOnlyList<string> BodyTypes, IReadOnlyList<FuzzProperty> BodyProperties)
{
    public string Key => Method + " " + Path;

    public static IReadOnlyList<FuzzOperation> Read(JsonElement document)
    {
        var schemas = document.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? s : default;
        var operations = new List<FuzzOperation>();
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                var parameters = op.Value.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Select(p => new FuzzParameter(p.GetProperty("name").GetString()!, p.GetProperty("in").GetString()!,
                        p.TryGetProperty("schema", out var schema) ? TypeOf(Resolve(schema, schemas)) : "string")).ToList()
                    : [];
                var bodyTypes = new List<string>();
                var properties = new List<FuzzProperty>();
                if (op.Value.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content))
                {
                    foreach (var media in content.EnumerateObject())
                    {
                        bodyTypes.Add(media.Name);
                        if (media.Value.TryGetProperty("schema", out var schema) && Resolve(schema, schemas) is { ValueKind: JsonValueKind.Object } resolved
                            && resolved.TryGetProperty("properties", out var props))
                        {
                            properties.AddRange(props.EnumerateObject().Select(p => new FuzzProperty(p.Name, TypeOf(Resolve(p.Value, schemas)))));
                        }
                    }
                }
                operations.Add(new FuzzOperation(op.Name.ToUpperInvariant(), path.Name, parameters, bodyTypes, properties));
            }
        }
        return operations;
    }

    private static JsonElement Resolve(JsonElement schema, JsonElement schemas)
    {
        for (var i = 0; i < 8 && schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("$ref", out var reference); i++)
        {
            var name = reference.GetString()!.Split('/')[^1];
            if (schemas.ValueKind != JsonValueKind.Object || !schemas.TryGetProperty(name, out schema))
            {
                return default;
            }
        }
        return schema;
    }

    private static string TypeOf(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type))
        {
            return "string";
        }
        return type.ValueKind == JsonValueKind.Array
            ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null") ?? "string"
            : type.GetString() ?? "string";
    }
}

public sealed record FuzzParameter(string Name, string In, string Type);

public sealed record FuzzProperty(string Name, string Type);

/// <summary>Makes one random request at a time: mostly malformed, some well-formed enough to reach the records.</summary>
public sealed class FuzzRequests(Random rng, IReadOnlyList<FuzzOperation> operations, IReadOnlyDictionary<string, List<string>> ids)
{
    private static readonly string?[] Accounts = [null, null, "us-acq", "jp-atla", "admin", "us-analyst", "gb-partner", "jp-bizdev", "us-security"];

    private static readonly string[] Weird =
    [
        "", " ", "null", "undefined", "-1", "0", "2147483648", "99999999999999999999999", "1e309", "NaN", "-0", "1.5", "true",
        "' OR 1=1 --", "\"; DROP TABLE organizations; --", "<script>alert(1)</script>", "../../etc/passwd", "..", "%",
        "東京都千代田区", "Ｆｕｌｌｗｉｄｔｈ", "emoji 🎌🗾", "\u202Eevil", "a\u0000b", "line\r\nbreak", "tab\there", "\\", "{}", "[]",
        "USA", "REL TO USA, JPN", "NOFORN", "CUI//NOFORN", "REL TO ZZZ", "0001-01-01", "9999-12-31T23:59:59Z", "2024-02-30",
    ];

    private static readonly string[] HeaderSafe = [.. Weird.Where(w => w.All(c => !char.IsControl(c)))];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "application/json; charset=shift_jis", "application/json; charset=bogus",
        "text/plain", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
        "application/problem+json", "*/*", "application/octet-stream",
    ];

    private int _served;

    public (FuzzOperation Operation, HttpRequestMessage Request, string Description) Next()
    {
        // Every operation once, in order, before the random draw: coverage of each operation (including the rarely drawn
        // exports) does not depend on the seed or on how many operations the document has grown to.
        var operation = _served < operations.Count ? operations[_served] : operations[rng.Next(operations.Count)];
        // Exporting zips every readable record (~1 s): a few are plenty, and they keep the run short.
        while (_served >= operations.Count && operation.Path.EndsWith("/export", StringComparison.Ordinal) && rng.Next(60) != 0)
        {
            operation = operations[rng.Next(operations.Count)];
        }
        _served++;
        var method = rng.Next(40) == 0 ? Pick(["PATCH", "OPTIONS", "HEAD", "TRACE", "DELETE", "PUT", "POST"]) : operation.Method;
        var url = BuildPath(operation) + BuildQuery(operation);
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        var account = Pick(Accounts);
        if (rng.Next(30) == 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Pick(["Demo nobody", "Demo ", "Bearer abc", "Basic Zm9vOmJhcg==", "Demo " + new string('x', 5000), "Demo us-acq\u0000"]));
        }
        else if (account is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Demo", account);
        }
        AddHeaders(request);
        if (method is "POST" or "PUT" or "PATCH" || rng.Next(20) == 0)
        {
            request.Content = operation.BodyTypes.Any(t => t.StartsWith("multipart", StringComparison.Ordinal)) && rng.Next(4) != 0
                ? Multipart()
                : Body(operation);
        }
        var description = $"{method} {url} as {account ?? "anonymous"}"
            + (request.Headers.IfMatch.Count > 0 || request.Headers.Contains("If-Match") ? $" If-Match: {string.Join(",", request.Headers.GetValues("If-Match"))}" : "")
            + (request.Content is null ? "" : $" [{request.Content.Headers.ContentType?.ToString() ?? "no content type"}, {Describe(request.Content)}]");
        return (operation, request, description);
    }

    private string BuildPath(FuzzOperation operation)
    {
        var path = operation.Path;
        foreach (var parameter in operation.Parameters.Where(p => p.In == "path"))
        {
            var collection = operation.Path[..operation.Path.IndexOf('{', StringComparison.Ordinal)].TrimEnd('/');
            string value = rng.Next(10) switch
            {
                < 4 when ids.TryGetValue(collection, out var known) && known.Count > 0 => Uri.EscapeDataString(Pick([.. known])),
                < 6 => Uri.EscapeDataString(Pick(Weird)),
                6 => Uri.EscapeDataString(new string('a', rng.Next(100, 3000))),
                7 => Pick(["%01", "%ZZ", "%C3%28", "%ED%A0%80", "%FF%FE", "%2F..%2F..", "%0D%0A", "a%2Fb", "%25", "%E2%80%AE"]),
                8 => Uri.EscapeDataString(RandomText(rng.Next(1, 40))),
                _ => rng.Next().ToString(CultureInfo.InvariantCulture),
            };
            // NUL in a path cannot pass the in-process test server (its client refuses it); Kestrel answers it with 400 itself.
            path = path.Replace("{" + parameter.Name + "}", value.Replace("%00", "%01", StringComparison.Ordinal), StringComparison.Ordinal);
        }
        return path;
    }

    private string BuildQuery(FuzzOperation operation)
    {
        var parts = new List<string>();
        foreach (var parameter in operation.Parameters.Where(p => p.In == "query"))
        {
            if (rng.Next(3) == 0)
            {
                continue;
            }
            var value = parameter.Type switch
            {
                "integer" or "number" when rng.Next(2) == 0 => rng.Next(-5, 300).ToString(CultureInfo.InvariantCulture),
                "boolean" when rng.Next(2) == 0 => Pick(["true", "false"]),
                _ when parameter.Name == "sort" && rng.Next(2) == 0 => Pick(["name", "-name", "id", "-id", "country", "createdAt", "-version", "bogus", "--name"]),
                _ when parameter.Name == "format" && rng.Next(2) == 0 => Pick(["csv", "json", "xlsx", "CSV", "pdf"]),
                _ => Pick(Weird),
            };
            parts.Add(Uri.EscapeDataString(parameter.Name) + "=" + (rng.Next(15) == 0 ? Pick(["%ZZ", "%C3%28", "%00", "%"]) : Uri.EscapeDataString(value)));
            if (rng.Next(12) == 0)
            {
                parts.Add(Uri.EscapeDataString(parameter.Name) + "=" + Uri.EscapeDataString(Pick(Weird))); // the same parameter twice
            }
        }
        if (rng.Next(8) == 0)
        {
            parts.Add(Uri.EscapeDataString(RandomText(rng.Next(1, 10))) + "=" + Uri.EscapeDataString(Pick(Weird)));
        }
        if (rng.Next(50) == 0)
        {
            parts.Add("q=" + new string('q', rng.Next(2000, 6000)));
        }
        return parts.Count == 0 ? "" : "?" + string.Join('&', parts);
    }

    private void AddHeaders(HttpRequestMessage request)
    {
        if (rng.Next(4) == 0)
        {
            request.Headers.TryAddWithoutValidation("If-Match", Pick(["*", "\"1\"", "\"0\"", "W/\"1\"", "1", "\"abc\"", "\"4294967296\"", "\"-1\"", "\"1\", \"2\"", "", "\"", new string('9', 400)]));
        }
        if (rng.Next(5) == 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", Pick(["application/json", "text/html", "application/xml", "*/*", "application/problem+json", "image/png", "text/html;q=0.1, application/json", "garbage"]));
        }
        if (rng.Next(10) == 0)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", Pick(["ja", "en-US", "xx", "ja-JP;q=abc", "*", "zh-Hant-TW"]));
        }
        if (rng.Next(15) == 0)
        {
            request.Headers.TryAddWithoutValidation(Pick(["If-None-Match", "Range", "X-Forwarded-For", "Cookie", "RequestVerificationToken", "Content-Encoding"]), Pick(HeaderSafe));
        }
    }

    private HttpContent Body(FuzzOperation operation)
    {
        byte[] bytes;
        switch (rng.Next(12))
        {
            case < 4:
                bytes = JsonSerializer.SerializeToUtf8Bytes(Record(operation));
                break;
            case 4:
                bytes = Encoding.UTF8.GetBytes(RandomJson(rng.Next(1, 5))?.ToJsonString() ?? "null");
                break;
            case 5:
                var depth = rng.Next(50, 5000);
                var open = rng.Next(2) == 0 ? "[" : "{\"a\":";
                bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(open == "[" ? "]" : "}", depth)));
                break;
            case 6:
                bytes = [0x7B, 0x22, 0x6E, 0x61, 0x6D, 0x65, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0xFF, 0xFE, 0x22, 0x7D]; // {"name":"<invalid UTF-8>"}
                break;
            case 7:
                var json = JsonSerializer.Serialize(Record(operation));
                bytes = Encoding.UTF8.GetBytes(json[..rng.Next(json.Length)]); // truncated
                break;
            case 8:
                bytes = new byte[rng.Next(0, 2000)];
                rng.NextBytes(bytes);
                break;
            case 9:
                bytes = Encoding.UTF8.GetBytes(Pick(["", "null", "[]", "0", "\"text\"", "{\"id\":null}", "{\"id\":{}}", "{\"name\":1e400}", "{\"version\":-1}", "{\"__proto__\":{}}", "{\"name\":\"x\",\"name\":\"y\"}"]));
                break;
            case 10:
                bytes = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', rng.Next(1000, 200_000)) + "\"}");
                break;
            default:
                var record = Record(operation);
                record[RandomText(rng.Next(1, 8))] = RandomJson(2); // an unknown field
                bytes = JsonSerializer.SerializeToUtf8Bytes(record);
                break;
        }
        var content = new ByteArrayContent(bytes);
        var type = rng.Next(4) == 0 ? Pick(ContentTypes) : operation.BodyTypes.FirstOrDefault() ?? "application/json";
        if (rng.Next(25) != 0)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        return content;
    }

    /// <summary>A record shaped like the schema, its values sometimes plausible, sometimes of the wrong type.</summary>
    private JsonObject Record(FuzzOperation operation)
    {
        var record = new JsonObject();
        foreach (var property in operation.BodyProperties)
        {
            if (rng.Next(5) == 0)
            {
                continue;
            }
            record[property.Name] = rng.Next(4) == 0 ? RandomJson(1) : property.Type switch
            {
                "integer" => JsonValue.Create(rng.Next(6) == 0 ? long.MaxValue : rng.Next(-3, 1000)),
                "number" => JsonValue.Create(rng.NextDouble() * Pick([1.0, 1e6, -1.0, 1e300])),
                "boolean" => JsonValue.Create(rng.Next(2) == 0),
                "array" => new JsonArray([.. Enumerable.Range(0, rng.Next(0, 4)).Select(_ => (JsonNode?)JsonValue.Create(Pick(Weird)))]),
                "object" => RandomJson(2),
                _ when property.Name == "id" => JsonValue.Create("fuzz-" + rng.Next(1000).ToString(CultureInfo.InvariantCulture)),
                _ when property.Name.Contains("country", StringComparison.OrdinalIgnoreCase) => JsonValue.Create(Pick(["USA", "JPN", "GBR", "ZZZ", "us", ""])),
                _ when property.Name.Contains("marking", StringComparison.OrdinalIgnoreCase) => JsonValue.Create(Pick(["U", "CUI", "CUI//REL TO USA, JPN", "CUI//NOFORN", "REL TO JPN, USA", "bogus", ""])),
                _ => JsonValue.Create(Pick(Weird)),
            };
        }
        return record;
    }

    private JsonNode? RandomJson(int depth) => (depth <= 0 ? rng.Next(5) : rng.Next(7)) switch
    {
        0 => null,
        1 => JsonValue.Create(rng.Next(-1000, 1000)),
        2 => JsonValue.Create(RandomText(rng.Next(0, 20))),
        3 => JsonValue.Create(rng.Next(2) == 0),
        4 => JsonValue.Create(rng.NextDouble() * 1e10),
        5 => new JsonArray([.. Enumerable.Range(0, rng.Next(0, 4)).Select(_ => RandomJson(depth - 1))]),
        _ => new JsonObject(Enumerable.Range(0, rng.Next(0, 4)).Select(i => KeyValuePair.Create(RandomText(rng.Next(1, 6)) + i.ToString(CultureInfo.InvariantCulture), RandomJson(depth - 1)))),
    };

    private MultipartFormDataContent Multipart()
    {
        var form = new MultipartFormDataContent("fuzz" + rng.Next().ToString(CultureInfo.InvariantCulture));
        var files = rng.Next(0, 4);
        for (var i = 0; i < files; i++)
        {
            var name = Pick(["organizations.csv", "facilities.csv", "offers.csv", "parts.jsonl", "organizations.json", "registry.xlsx", "unknown.txt", "../../evil.csv", "a/b/c.csv", ".", "..", "x%00.csv", "名簿.csv", new string('n', 300) + ".csv", "organizations.csv"]);
            byte[] bytes;
            switch (rng.Next(4))
            {
                case 0:
                    bytes = new byte[rng.Next(0, 3000)];
                    rng.NextBytes(bytes);
                    break;
                case 1:
                    bytes = Encoding.UTF8.GetBytes("id,name,country\n" + string.Join("\n", Enumerable.Range(0, rng.Next(0, 20)).Select(_ => string.Join(',', Pick(Weird), Pick(Weird), Pick(["USA", "JPN", "ZZZ", ""])))));
                    break;
                case 2:
                    bytes = Encoding.UTF8.GetBytes(string.Join("\n", Enumerable.Range(0, rng.Next(0, 10)).Select(_ => RandomJson(2)?.ToJsonString() ?? "null")));
                    break;
                default:
                    bytes = [0x50, 0x4B, 0x03, 0x04, .. Enumerable.Range(0, 200).Select(_ => (byte)rng.Next(256))]; // a broken zip (xlsx)
                    break;
            }
            var file = new ByteArrayContent(bytes);
            file.Headers.TryAddWithoutValidation("Content-Type", Pick(["text/csv", "application/json", "application/octet-stream", "bogus"]));
            // Part names: the importer's "files", the screening uploads' "file", or one no endpoint reads (an empty name cannot be sent).
            form.Add(file, rng.Next(10) == 0 ? "unexpected" : Pick(["files", "file"]), name);
        }
        if (rng.Next(4) == 0)
        {
            // A weird value in a field the screening uploads read, or in one nobody reads (HttpClient refuses to send a malformed part name).
            form.Add(new StringContent(Pick(Weird)), Pick(["source", "format", "publishedOn", "thresholdMatch", "thresholdReview", "dryRun", "unexpected"]));
        }
        return form;
    }

    private static string Describe(HttpContent content) => content is MultipartFormDataContent multipart
        ? $"{multipart.Count()} parts: {string.Join(", ", multipart.Select(p => p.Headers.ContentDisposition?.FileName ?? p.Headers.ContentDisposition?.Name))}"
        : $"{content.Headers.ContentLength ?? 0} bytes: {Preview(content)}";

    private static string Preview(HttpContent content)
    {
        var bytes = content.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var text = Encoding.UTF8.GetString(bytes, 0, Math.Min(bytes.Length, 160)).ReplaceLineEndings(" ");
        return bytes.Length > 160 ? text + "…" : text;
    }

    private string RandomText(int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ !\"#$&'()*+,/:;<=>?@[\\]^`{|}東京大阪ｱｲｳ\u00e9\u0301";
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(alphabet[rng.Next(alphabet.Length)]);
        }
        return builder.ToString();
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
