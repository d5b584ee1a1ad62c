using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages;

/// <summary>The second step of sign-in: a TOTP code from the authenticator app, or one of the recovery codes.</summary>
public sealed class LoginMfaModel(AccountService accounts, SignInFlow flow, IStringLocalizer<UiText> l) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? RecoveryCode { get; set; }

    public IActionResult OnGet() => flow.ReadPending() is { Stage: SignInFlow.Stage.Verify } ? Page() : RedirectToPage("/Login");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await flow.PendingAccountAsync(SignInFlow.Stage.Verify) is not var (pending, account))
        {
            return RedirectToPage("/Login");
        }
        var byRecovery = !string.IsNullOrWhiteSpace(RecoveryCode);
        var ok = byRecovery
            ? await accounts.RedeemRecoveryCodeAsync(account, RecoveryCode)
            : await accounts.VerifyTotpAsync(account, Code);
        if (!ok)
        {
            if (await flow.SecondFactorFailedAsync(account, byRecovery ? "recovery code" : "TOTP code"))
            {
                return RedirectToPage("/Login");
            }
            ModelState.AddModelError(string.Empty, l["Mfa.Wrong"]);
            Code = RecoveryCode = null;
            return Page();
        }
        if (byRecovery)
        {
            await flow.AuditAsync(AuditTypes.RecoveryCodeUsed, AuditOutcomes.Success, account.Id);
        }
        if (!await flow.CompleteAsync(account.Id, demo: false, ct))
        {
            return RedirectToPage("/Login");
        }
        return LocalRedirect(pending.ReturnUrl ?? "/");
    }
}
