using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Musubi.Core.Features.Identity;
using Musubi.Web.Hosting;

namespace Musubi.Web.Auth;

/// <summary>
/// Authentication: a session cookie for people (password + TOTP, server-side sessions), bearer API tokens for machine
/// clients, and — in demo mode only — one-click demo accounts and the <c>Authorization: Demo &lt;id&gt;</c> header.
/// </summary>
public static class AuthSetup
{
    public static IServiceCollection AddMusubiAuth(this IServiceCollection services, MusubiHostOptions options)
    {
        // Read from the options in the container (a test host may replace them); demo mode never asks for a second factor.
        services.AddSingleton(sp =>
        {
            var current = sp.GetRequiredService<MusubiHostOptions>();
            return current.Security with { RequireMfa = current.Security.RequireMfa && !current.DemoLogin };
        });
        services.AddMusubiIdentity();
        var security = options.Security;
        services.AddHttpContextAccessor();
        // The audit log may also be registered with the rest of the audit wiring; the first registration stands.
        services.TryAddSingleton(sp => Core.Features.Audit.AuditOptions.For(sp.GetRequiredService<MusubiHostOptions>().Database));
        services.TryAddSingleton<Core.Features.Audit.AuditLog>();
        services.AddScoped<SignInFlow>();
        services.AddAuthentication(MusubiAuth.SelectorScheme)
            .AddPolicyScheme(MusubiAuth.SelectorScheme, "session cookie, API token or demo header", o =>
                o.ForwardDefaultSelector = ctx =>
                {
                    var header = ctx.Request.Headers.Authorization.ToString();
                    if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
                    {
                        return MusubiAuth.TokenScheme;
                    }
                    return ctx.RequestServices.GetRequiredService<MusubiHostOptions>().DemoLogin && header.StartsWith("Demo ", StringComparison.OrdinalIgnoreCase)
                        ? MusubiAuth.DemoScheme
                        : MusubiAuth.CookieScheme;
                })
            .AddCookie(MusubiAuth.CookieScheme, o =>
            {
                o.LoginPath = "/login";
                o.LogoutPath = "/logout";
                o.AccessDeniedPath = "/denied";
                o.Cookie.Name = "musubi.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                // The cookie only names a server-side session; the session's own idle and absolute limits decide.
                o.ExpireTimeSpan = security.AbsoluteLifetime;
                o.SlidingExpiration = false;
                o.Events.OnValidatePrincipal = ValidateSessionAsync;
                o.Events.OnRedirectToLogin = ctx => ApiAware(ctx, 401);
                o.Events.OnRedirectToAccessDenied = ctx => ApiAware(ctx, 403);
            })
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(MusubiAuth.TokenScheme, null)
            .AddScheme<AuthenticationSchemeOptions, DemoAuthenticationHandler>(MusubiAuth.DemoScheme, null)
            .AddExternalSignIn(options.Oidc);
        services.AddSingleton(options.Oidc);
        return services;
    }

    /// <summary>Every request with a session cookie: the session must exist, be live and not idle; else it ends here.</summary>
    private static async Task ValidateSessionAsync(CookieValidatePrincipalContext ctx)
    {
        var sid = ctx.Principal?.FindFirstValue(MusubiAuth.SessionClaim);
        var sub = ctx.Principal?.FindFirstValue(MusubiAuth.PrincipalClaim);
        if (sid is null || sub is null)
        {
            ctx.RejectPrincipal();
            return;
        }
        if (ctx.Principal!.FindFirst(MusubiAuth.DemoClaim) is not null && !ctx.HttpContext.RequestServices.GetRequiredService<MusubiHostOptions>().DemoLogin)
        {
            // A password-less demo session does not outlive demo mode.
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(MusubiAuth.CookieScheme);
            return;
        }
        var accounts = ctx.HttpContext.RequestServices.GetRequiredService<AccountService>();
        var (state, _) = await accounts.TouchSessionAsync(sid, sub, ctx.HttpContext.RequestAborted);
        if (state != AccountService.SessionState.Active)
        {
            ctx.RejectPrincipal();
            await ctx.HttpContext.SignOutAsync(MusubiAuth.CookieScheme);
            ctx.HttpContext.Items[MusubiAuth.SessionEndedItem] = state;
            if (state is AccountService.SessionState.Idle or AccountService.SessionState.Expired)
            {
                await ctx.HttpContext.RequestServices.GetRequiredService<SignInFlow>()
                    .AuditAsync(Core.Features.Audit.AuditTypes.SessionRevoked, Core.Features.Audit.AuditOutcomes.Success, sub, "session " + sid[..8], state.ToString().ToLowerInvariant());
            }
        }
    }

    private static Task ApiAware(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
