using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Musubi.Web.Auth;

/// <summary>
/// Optional sign-in through an external OpenID Connect provider (an agency's identity provider), configured under
/// <c>Musubi:Oidc</c>. The provider proves who the person is; Musubi still decides what they may read: the provider's
/// subject must be linked to an account (<c>./musubi users link</c>), and the sign-in becomes an ordinary server-side
/// session. See docs/security.md, "External sign-in".
/// </summary>
public sealed record OidcOptions
{
    public const string Section = "Musubi:Oidc";

    /// <summary>The issuer, e.g. https://login.example.gov/realms/musubi; nothing is wired when empty.</summary>
    public string? Authority { get; init; }
    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    /// <summary>The button text on the sign-in page.</summary>
    public string DisplayName { get; init; } = "your organization's sign-in";
    /// <summary>
    /// Require the provider to report multi-factor authentication (an <c>amr</c> claim of <c>mfa</c>, <c>otp</c>,
    /// <c>hwk</c> or <c>swk</c>, RFC 8176); when false, Musubi's own TOTP is asked for after the provider's sign-in.
    /// </summary>
    public bool TrustProviderMfa { get; init; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);
}

public static class ExternalSignIn
{
    public const string Scheme = "oidc";
    public const string ExternalCookie = "musubi-external";
    /// <summary>The login provider name under which subjects are linked in Identity's user logins.</summary>
    public const string LoginProvider = "oidc";

    public static readonly string[] MfaMethods = ["mfa", "otp", "hwk", "swk", "sc"];

    public static AuthenticationBuilder AddExternalSignIn(this AuthenticationBuilder auth, OidcOptions oidc)
    {
        if (!oidc.Enabled)
        {
            return auth;
        }
        auth.AddCookie(ExternalCookie, o =>
        {
            o.Cookie.Name = "musubi.external";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax; // the provider posts or redirects back cross-site
            o.ExpireTimeSpan = TimeSpan.FromMinutes(5);
        });
        auth.AddOpenIdConnect(Scheme, oidc.DisplayName, o =>
        {
            o.Authority = oidc.Authority;
            o.ClientId = oidc.ClientId;
            o.ClientSecret = oidc.ClientSecret;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.UsePkce = true;
            o.SignInScheme = ExternalCookie;
            o.CallbackPath = "/login/external/callback-oidc";
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.MapInboundClaims = false;
            o.Scope.Clear();
            o.Scope.Add("openid");
            o.RequireHttpsMetadata = oidc.Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        });
        return auth;
    }
}
