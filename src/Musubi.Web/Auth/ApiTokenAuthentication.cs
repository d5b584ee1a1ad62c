using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;

namespace Musubi.Web.Auth;

/// <summary><c>Authorization: Bearer msb_&lt;id&gt;_&lt;secret&gt;</c>: a live, unrevoked token acts as its owner within its scopes.</summary>
public sealed class ApiTokenAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    AccountService accounts, SignInFlow flow)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var presented = header["Bearer ".Length..].Trim();
        var token = await accounts.ValidateTokenAsync(presented, Context.RequestAborted);
        if (token is null)
        {
            // Name only the token id (never the secret) in the audit record.
            var id = presented.StartsWith(AccountService.TokenPrefix, StringComparison.Ordinal) ? presented[AccountService.TokenPrefix.Length..].Split('_')[0] : "?";
            await flow.AuditAsync(AuditTypes.TokenRejected, AuditOutcomes.Failure, null, "token " + (id.Length > 16 ? id[..16] : id));
            return AuthenticateResult.Fail("the API token is unknown, expired or revoked");
        }
        var identity = new ClaimsIdentity(
            [
                new Claim(MusubiAuth.PrincipalClaim, token.AccountId),
                new Claim(ClaimTypes.Name, token.AccountId),
                new Claim(MusubiAuth.TokenClaim, token.Id),
                .. token.Scopes.Select(s => new Claim(MusubiAuth.ScopeClaim, s)),
            ], Scheme.Name, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }
}

/// <summary>
/// Keeps a token within its scopes: reads need <c>read</c>, registry writes <c>write</c>, imports <c>import</c>, exports
/// <c>export</c>, the audit log <c>audit</c>. Session and demo sign-ins are not limited by scope (their roles limit them).
/// </summary>
public sealed class TokenScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        if (context.User.FindFirst(MusubiAuth.TokenClaim) is not null)
        {
            // Tokens are for the API: on pages (account, audit, admin) they would act beyond their scopes.
            var needed = context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) ? RequiredScope(context.Request) : null;
            if (needed is null || !context.User.HasClaim(MusubiAuth.ScopeClaim, needed))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = 403,
                        Title = "Forbidden",
                        Detail = needed is null
                            ? "API tokens are accepted on /api only; sign in to use the pages"
                            : $"this API token lacks the '{needed}' scope that {context.Request.Method} {context.Request.Path} needs",
                    },
                });
                return;
            }
        }
        await next(context);
    }

    public static string RequiredScope(HttpRequest request)
    {
        var path = request.Path;
        if (path.StartsWithSegments("/api/audit", StringComparison.OrdinalIgnoreCase))
        {
            return TokenScopes.Audit;
        }
        if (path.StartsWithSegments("/api/import", StringComparison.OrdinalIgnoreCase))
        {
            return TokenScopes.Import;
        }
        if (path.StartsWithSegments("/api/export", StringComparison.OrdinalIgnoreCase))
        {
            return TokenScopes.Export;
        }
        return HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            ? TokenScopes.Read
            : TokenScopes.Write;
    }
}
