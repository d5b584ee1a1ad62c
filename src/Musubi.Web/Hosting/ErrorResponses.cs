using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Musubi.Web.Hosting;

/// <summary>
/// Errors never show a stack trace or an internal message. The API answers ProblemDetails (a 5xx carries only its
/// status, title and trace id; the exception goes to the log); the pages answer a short page in English and Japanese.
/// A request the framework could not bind (a query value of the wrong type, a body too large, a multipart body without
/// its boundary) is the client's error: its status (400, 413…) and the framework's message, which names the parameter
/// or the defect and never holds internal state; a value of the wrong type, or a required one missing, is a validation
/// problem naming the field and what it expects.
/// </summary>
public static partial class ErrorResponses
{
    /// <summary>
    /// ProblemDetails whatever the client's Accept header says. The framework's writer refuses a request that accepts
    /// neither JSON nor */* (<c>Accept: image/png</c>), and then <c>IProblemDetailsService.WriteAsync</c> throws: a 500
    /// for a header. This writer comes after it and always writes <c>application/problem+json</c>.
    /// </summary>
    public static IServiceCollection AddProblemDetailsForAnyAccept(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, AnyAcceptProblemWriter>());
        return services;
    }

    private sealed class AnyAcceptProblemWriter : IProblemDetailsWriter
    {
        public bool CanWrite(ProblemDetailsContext context) => true;

        public ValueTask WriteAsync(ProblemDetailsContext context)
        {
            var response = context.HttpContext.Response;
            context.ProblemDetails.Status ??= response.StatusCode;
            return new ValueTask(response.WriteAsJsonAsync(context.ProblemDetails, typeof(ProblemDetails), (System.Text.Json.JsonSerializerOptions?)null,
                "application/problem+json", context.HttpContext.RequestAborted));
        }
    }

    public static IApplicationBuilder UseErrorResponses(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                InvalidDataException => StatusCodes.Status400BadRequest, // a form or multipart body that cannot be parsed
                _ => StatusCodes.Status500InternalServerError,
            },
            // Bad input is not a fault of the server: no error-level log entry (with a stack trace) for each one.
            SuppressDiagnosticsCallback = c => c.Exception is BadHttpRequestException or InvalidDataException,
            ExceptionHandler = WriteExceptionAsync,
        });
        app.UseStatusCodePages(new StatusCodePagesOptions { HandleAsync = c => WriteStatusAsync(c.HttpContext) });
        app.Use(RefuseNulAsync);
        return app;
    }

    /// <summary>
    /// U+0000 in the path, the query or a header is never meaningful, and PostgreSQL refuses it in text (an error
    /// deep in a query, so a 500): refuse it at the door with a 400 that says where it was.
    /// </summary>
    private static async Task RefuseNulAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        var where = (request.Path.Value ?? "").Contains('\0', StringComparison.Ordinal) ? "path"
            : request.Query.FirstOrDefault(q => q.Key.Contains('\0', StringComparison.Ordinal) || q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: { } key } ? "query " + key.Replace("\0", "", StringComparison.Ordinal)
            : request.Headers.FirstOrDefault(h => h.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)) is { Key: { } header } ? "header " + header
            : null;
        if (where is null)
        {
            await next(context);
            return;
        }
        await TypedResults.ValidationProblem(new Dictionary<string, string[]> { [where] = ["may not contain the NUL character (U+0000)"] }).ExecuteAsync(context);
    }

    private static Task WriteExceptionAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var status = context.Response.StatusCode;
        if (error is BadHttpRequestException { StatusCode: StatusCodes.Status400BadRequest } unbound
            && WantsProblemDetails(context.Request)
            && ParameterError(unbound.Message) is var (field, message))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }).ExecuteAsync(context);
        }
        var detail = error switch
        {
            BadHttpRequestException bad when status < 500 => bad.Message,
            InvalidDataException invalid when status < 500 => "the body could not be read: " + invalid.Message,
            _ => null,
        };
        return WriteAsync(context, status, detail);
    }

    /// <summary>
    /// ASP.NET Core's message for a query, route or header value it could not bind names the parameter's .NET type
    /// (<c>Failed to bind parameter "Nullable&lt;int&gt; pageSize" from "abc".</c>). The answer names the field and what
    /// it expects instead, as a JSON body's errors do: <c>errors.pageSize: ["'abc' is not a whole number"]</c>. Any
    /// other message stays the framework's detail.
    /// </summary>
    internal static (string Field, string Message)? ParameterError(string message)
    {
        if (BindFailure().Match(message) is { Success: true } bind)
        {
            var value = bind.Groups["value"].Value;
            var shown = new string([.. value.Where(c => !char.IsControl(c)).Take(40)]) + (value.Length > 40 ? "…" : "");
            return (bind.Groups["name"].Value, $"'{shown}' is not {Expected(bind.Groups["type"].Value)}");
        }
        return Missing().Match(message) is { Success: true } missing ? (missing.Groups["name"].Value, "is required") : null;
    }

    private static string Expected(string type) =>
        (type.StartsWith("Nullable<", StringComparison.Ordinal) ? type[9..^1] : type) switch
        {
            "int" or "long" or "short" or "byte" or "uint" or "ulong" or "ushort" or "sbyte" => "a whole number",
            "double" or "float" or "decimal" => "a number",
            "bool" => "true or false",
            "DateOnly" => "a date (yyyy-MM-dd)",
            "DateTime" or "DateTimeOffset" => "a date and time (ISO 8601)",
            "Guid" => "an identifier (GUID)",
            _ => "an accepted value",
        };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("""^Required parameter "(?<type>.+) (?<name>[^ "]+)" was not provided""")]
    private static partial Regex Missing();

    private static Task WriteStatusAsync(HttpContext context) => WriteAsync(context, context.Response.StatusCode, null);

    private static async Task WriteAsync(HttpContext context, int status, string? detail)
    {
        var title = ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } reason ? reason : "Error";
        var traceId = Activity.Current?.Id ?? context.TraceIdentifier;
        if (WantsProblemDetails(context.Request))
        {
            var problem = new ProblemDetails
            {
                Status = status,
                Title = title,
                Detail = detail,
                Type = $"https://tools.ietf.org/html/rfc9110#section-15.{(status >= 500 ? 6 : 5)}",
            };
            problem.Extensions["traceId"] = traceId;
            await TypedResults.Problem(problem).ExecuteAsync(context);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(FriendlyPage(status, title, traceId), context.RequestAborted);
    }

    /// <summary>API callers (and anything that is not a page) get ProblemDetails; a browser on a page gets HTML.</summary>
    private static bool WantsProblemDetails(HttpRequest request) =>
        Hardening.IsApi(request)
        || request.Path.StartsWithSegments("/openapi", StringComparison.OrdinalIgnoreCase)
        || !request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);

    private static string FriendlyPage(int status, string title, string traceId)
    {
        var (en, ja) = status switch
        {
            404 => ("This page does not exist, or you may not see it.", "このページは存在しないか、閲覧権限がありません。"),
            400 or 413 or 415 => ("The request could not be read. Go back and try again.", "リクエストを読み取れませんでした。戻ってもう一度お試しください。"),
            401 or 403 => ("You are not allowed to do this. Sign in with an account that may.", "この操作は許可されていません。権限のあるアカウントでサインインしてください。"),
            429 => ("Too many requests. Wait a minute and try again.", "リクエストが多すぎます。しばらく待ってからもう一度お試しください。"),
            >= 500 => ("Something went wrong on our side. Nothing about it is shown here; quote the reference below if you report it.",
                "サーバー側で問題が発生しました。報告の際は下の参照番号をお知らせください。"),
            _ => ("The request did not succeed.", "リクエストは成功しませんでした。"),
        };
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{code} {WebUtility.HtmlEncode(title)} – Musubi</title>
                <link rel="stylesheet" href="/css/site.css" />
            </head>
            <body>
                <main id="main" class="container error-page">
                    <h1>{code} {WebUtility.HtmlEncode(title)}</h1>
                    <p>{en}</p>
                    <p lang="ja">{ja}</p>
                    <p class="error-reference">Reference / 参照番号: <code>{WebUtility.HtmlEncode(traceId)}</code></p>
                    <p><a href="/">Musubi</a></p>
                </main>
            </body>
            </html>
            """;
    }
}
