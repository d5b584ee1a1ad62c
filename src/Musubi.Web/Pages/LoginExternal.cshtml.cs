using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages;

/// <summary>
/// External sign-in: GET starts the OpenID Connect challenge; the provider returns to the callback, which maps the
/// provider's subject to a linked account and starts a session (or asks for Musubi's TOTP when the provider did not
/// report MFA and is not trusted for it). An unlinked subject is refused, and audited.
/// </summary>
public sealed class LoginExternalModel(OidcOptions oidc, AccountService accounts, UserManager<UserAccount> users, SignInFlow flow) : PageModel
{
    public bool Refused { get; private set; }

    public IActionResult OnGet([FromQuery] string? returnUrl)
    {
        if (!oidc.Enabled)
        {
            return NotFound();
        }
        var safe = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        return Challenge(new AuthenticationProperties { RedirectUri = "/login/external?handler=Callback&returnUrl=" + Uri.EscapeDataString(safe) }, ExternalSignIn.Scheme);
    }

    public async Task<IActionResult> OnGetCallbackAsync([FromQuery] string? returnUrl, CancellationToken ct)
    {
        if (!oidc.Enabled)
        {
            return NotFound();
        }
        var result = await HttpContext.AuthenticateAsync(ExternalSignIn.ExternalCookie);
        await HttpContext.SignOutAsync(ExternalSignIn.ExternalCookie);
        var subject = result.Principal?.FindFirst("sub")?.Value;
        var account = subject is null ? null : await users.FindByLoginAsync(ExternalSignIn.LoginProvider, subject);
        if (account is null || accounts.IsLockedOut(account) || await accounts.IsDisabledAsync(account.Id, ct))
        {
            await flow.AuditAsync(AuditTypes.SignInFailed, AuditOutcomes.Failure, account?.Id, "oidc subject " + Clip(subject), account is null ? "not linked" : "locked or disabled");
            Refused = true;
            return Page();
        }
        var safe = !string.IsNullOrEmpty(returnUrl) && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
        var providerMfa = result.Principal!.FindAll("amr").Any(c => ExternalSignIn.MfaMethods.Contains(c.Value, StringComparer.Ordinal));
        if (accounts.Options.RequireMfa && !(oidc.TrustProviderMfa && providerMfa))
        {
            flow.SetPending(account.Id, account.TwoFactorEnabled ? SignInFlow.Stage.Verify : SignInFlow.Stage.Enrol, safe);
            return RedirectToPage(account.TwoFactorEnabled ? "/LoginMfa" : "/MfaSetup");
        }
        if (!await flow.CompleteAsync(account.Id, demo: false, ct))
        {
            return RedirectToPage("/Login");
        }
        return LocalRedirect(safe);
    }

    private static string Clip(string? value) => value is null ? "(none)" : value.Length <= 64 ? value : value[..64];
}
