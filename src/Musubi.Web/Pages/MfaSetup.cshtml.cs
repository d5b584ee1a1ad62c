using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Web.Auth;
using QRCoder;

namespace Musubi.Web.Pages;

/// <summary>
/// Enrolment in TOTP, required before a first sign-in completes (outside demo mode): the key as text and as a QR
/// code, a code to prove the app has it, then ten recovery codes shown once.
/// </summary>
public sealed class MfaSetupModel(AccountService accounts, SignInFlow flow, IStringLocalizer<UiText> l) : PageModel
{
    public string? Key { get; private set; }

    /// <summary>The otpauth:// URI as a PNG data URI (no inline script or style: the page keeps its CSP).</summary>
    public string? QrDataUri { get; private set; }

    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? ContinueUrl { get; private set; }

    [BindProperty]
    public string? Code { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await flow.PendingAccountAsync(SignInFlow.Stage.Enrol) is not var (_, account))
        {
            return RedirectToPage("/Login");
        }
        await LoadKeyAsync(account);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await flow.PendingAccountAsync(SignInFlow.Stage.Enrol) is not var (pending, account))
        {
            return RedirectToPage("/Login");
        }
        var codes = await accounts.EnableMfaAsync(account, Code);
        if (codes is null)
        {
            if (await flow.SecondFactorFailedAsync(account, "enrolment code"))
            {
                return RedirectToPage("/Login");
            }
            ModelState.AddModelError(string.Empty, l["Mfa.Wrong"]);
            await LoadKeyAsync(account);
            return Page();
        }
        await flow.AuditAsync(AuditTypes.MfaEnabled, AuditOutcomes.Success, account.Id);
        if (!await flow.CompleteAsync(account.Id, demo: false, ct))
        {
            return RedirectToPage("/Login");
        }
        RecoveryCodes = codes;
        ContinueUrl = pending.ReturnUrl ?? "/";
        return Page();
    }

    private async Task LoadKeyAsync(UserAccount account)
    {
        var (key, uri) = await accounts.AuthenticatorKeyAsync(account);
        Key = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }
}
