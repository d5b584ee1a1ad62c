using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;

namespace Musubi.Web.Auth;

public static class MusubiAuth
{
    public const string CookieScheme = "musubi";
    public const string DemoScheme = "demo";
    public const string TokenScheme = "token";
    public const string SelectorScheme = "musubi-or-demo";
    public const string PrincipalClaim = "sub";
    public const string SessionClaim = "sid";
    public const string TokenClaim = "token";
    public const string ScopeClaim = "scope";
    public const string DemoClaim = "demo";
    public const string SessionEndedItem = "musubi.session-ended";

    /// <summary>
    /// The claims of a signed-in principal, built fresh from the database on every request (so a changed role or
    /// membership applies at once); <paramref name="carry"/> keeps the session, token and scope claims of the sign-in.
    /// </summary>
    public static ClaimsPrincipal ClaimsFor(Principal principal, string scheme, IEnumerable<Claim>? carry = null) => new(new ClaimsIdentity(
        [
            new Claim(PrincipalClaim, principal.Id),
            new Claim(ClaimTypes.Name, principal.Name),
            new Claim("nationality", principal.Nationality ?? ""),
            .. principal.Roles.Select(r => new Claim(ClaimTypes.Role, r)),
            .. (carry ?? []).Where(c => c.Type is SessionClaim or TokenClaim or ScopeClaim or DemoClaim).Select(c => new Claim(c.Type, c.Value)),
        ], scheme, ClaimTypes.Name, ClaimTypes.Role));

    public static string? PrincipalId(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true ? user.FindFirstValue(PrincipalClaim) : null;
}

/// <summary>
/// Demo mode only: <c>Authorization: Demo us-acq</c> acts as a seeded demo account, so the API can be tried with curl.
/// The security issue replaces this with real sign-in; the access policy does not change.
/// </summary>
public sealed class DemoAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AppDbContext db)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Demo ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var id = header["Demo ".Length..].Trim();
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, Context.RequestAborted);
        if (principal is null)
        {
            return AuthenticateResult.Fail($"no demo account '{id}'");
        }
        if (principal.Disabled)
        {
            return AuthenticateResult.Fail($"demo account '{id}' is disabled");
        }
        Context.Items[typeof(Principal)] = principal; // the access-scope middleware need not read it again
        return AuthenticateResult.Success(new AuthenticationTicket(
            MusubiAuth.ClaimsFor(principal, Scheme.Name, [new Claim(MusubiAuth.DemoClaim, "true")]), Scheme.Name));
    }
}

/// <summary>
/// Sets the reader's access scope on the request's <see cref="AppDbContext"/> from the signed-in principal, read
/// fresh from the database so that a changed nationality or membership applies at once. Anonymous = unmarked only.
/// </summary>
public sealed class AccessScopeMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, AppDbContext db, IProblemDetailsService problems, TimeProvider clock)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length > 0 && context.User.PrincipalId() is null)
        {
            // A credential that does not authenticate is refused, not quietly read as anonymous.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = { Status = 401, Title = "Unauthorized", Detail = header.StartsWith("Demo ", StringComparison.OrdinalIgnoreCase)
                    ? $"no demo account '{header["Demo ".Length..].Trim()}' (GET /login lists them)"
                    : header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                        ? "the API token is unknown, expired or revoked"
                        : "this Authorization scheme is not accepted; use Bearer <API token> (or Demo <account> in demo mode)" },
            });
            return;
        }
        if (context.User.PrincipalId() is { } id
            && (context.CurrentPrincipal() is { } known && known.Id == id
                ? known
                : await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, context.RequestAborted)) is { Disabled: false } principal)
        {
            db.Scope = AccessScope.For(principal, clock);
            context.Items[typeof(Principal)] = principal;
            // Roles come from the principal as it is now, not as it was at sign-in.
            context.User = MusubiAuth.ClaimsFor(principal, context.User.Identity!.AuthenticationType!, context.User.Claims);
        }
        else
        {
            db.Scope = AccessScope.Anonymous;
            if (context.User.PrincipalId() is { } gone)
            {
                // Signed in as a principal that is gone or disabled (an import can disable one too): its session ends
                // here, and the request reads as nobody.
                if (context.User.FindFirst(MusubiAuth.SessionClaim) is not null)
                {
                    await context.RequestServices.GetRequiredService<Core.Features.Identity.AccountService>()
                        .RevokeAllSessionsAsync(gone, "account disabled", context.RequestAborted);
                    await context.SignOutAsync(MusubiAuth.CookieScheme);
                }
                context.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity());
            }
        }
        await next(context);
    }
}

public static class HttpContextPrincipal
{
    /// <summary>The signed-in demo account, or null when anonymous.</summary>
    public static Principal? CurrentPrincipal(this HttpContext context) => context.Items[typeof(Principal)] as Principal;
}
