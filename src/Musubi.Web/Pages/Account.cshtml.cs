using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages;

/// <summary>
/// The signed-in user's own account: attributes and dated memberships, live sessions (end any or all), API tokens
/// (create — the secret is shown once — and revoke), and credential changes, each re-proving password and code.
/// </summary>
[Authorize]
public sealed class AccountModel(AccountService accounts, SignInFlow flow, TimeProvider clock, IStringLocalizer<UiText> l) : PageModel
{
    public Principal? Principal { get; private set; }
    public UserAccount? UserAccount { get; private set; }
    public IReadOnlyList<UserSession> Sessions { get; private set; } = [];
    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];
    public string? CurrentSessionId => flow.SessionId;
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>A token secret just created: shown on this response only.</summary>
    public string? NewTokenSecret { get; private set; }
    public IReadOnlyList<string>? NewRecoveryCodes { get; private set; }
    public string? Message { get; private set; }

    [BindProperty]
    public string? TokenName { get; set; }

    [BindProperty]
    public List<string> TokenScopesWanted { get; set; } = [];

    [BindProperty]
    public int TokenDays { get; set; } = 30;

    [BindProperty]
    public string? CurrentPassword { get; set; }

    [BindProperty]
    public string? Code { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    private string Id => User.PrincipalId()!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostEndSessionAsync(string sessionId, CancellationToken ct)
    {
        if (await accounts.RevokeSessionAsync(sessionId, Id, "ended by the user", ct) > 0)
        {
            await flow.AuditAsync(AuditTypes.SessionRevoked, AuditOutcomes.Success, Id, "session " + Clip(sessionId, 8), "ended by the user");
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEndAllSessionsAsync(CancellationToken ct)
    {
        await flow.SignOutAsync(ct);
        return RedirectToPage("/Login");
    }

    public async Task<IActionResult> OnPostCreateTokenAsync(CancellationToken ct)
    {
        if (User.FindFirst(MusubiAuth.DemoClaim) is not null)
        {
            ModelState.AddModelError(nameof(TokenName), l["Account.NoTokensInDemo"]);
            await LoadAsync(ct);
            return Page();
        }
        var (token, secret, problems) = await accounts.CreateTokenAsync(Id, TokenName, TokenScopesWanted, TimeSpan.FromDays(TokenDays), ct);
        if (token is null)
        {
            foreach (var p in problems)
            {
                ModelState.AddModelError(nameof(TokenName), p);
            }
        }
        else
        {
            NewTokenSecret = secret;
            await flow.AuditAsync(AuditTypes.TokenCreated, AuditOutcomes.Success, Id, "token " + token.Id, $"{token.Name}: {string.Join(' ', token.Scopes)} until {token.ExpiresAt:yyyy-MM-dd}");
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(string tokenId, CancellationToken ct)
    {
        if (await accounts.RevokeTokenAsync(Id, tokenId, ct))
        {
            await flow.AuditAsync(AuditTypes.TokenRevoked, AuditOutcomes.Success, Id, "token " + Clip(tokenId, 16));
        }
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostChangePasswordAsync(CancellationToken ct)
    {
        if (await ReauthenticateAsync(ct) is not { } account)
        {
            await LoadAsync(ct);
            return Page();
        }
        var problems = await accounts.SetPasswordAsync(account, NewPassword ?? "");
        if (problems.Count > 0)
        {
            foreach (var p in problems)
            {
                ModelState.AddModelError(nameof(NewPassword), p);
            }
            await LoadAsync(ct);
            return Page();
        }
        await flow.AuditAsync(AuditTypes.PasswordChanged, AuditOutcomes.Success, Id);
        // A new password ends every session, this one included: sign in again with it.
        await flow.SignOutAsync(ct);
        return RedirectToPage("/Login");
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync(CancellationToken ct)
    {
        if (await ReauthenticateAsync(ct) is { } account)
        {
            NewRecoveryCodes = await accounts.NewRecoveryCodesAsync(account);
            await flow.AuditAsync(AuditTypes.MfaEnabled, AuditOutcomes.Success, Id, null, "new recovery codes");
        }
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Re-proves the password (and the TOTP code when enabled) before a credential change.</summary>
    private async Task<UserAccount?> ReauthenticateAsync(CancellationToken ct)
    {
        var (outcome, account) = await accounts.CheckPasswordAsync(Id, CurrentPassword, ct);
        var ok = outcome == AccountService.PasswordOutcome.Success && account is not null
            && (!account.TwoFactorEnabled || await accounts.VerifyTotpAsync(account, Code));
        CurrentPassword = Code = null;
        if (!ok)
        {
            if (outcome == AccountService.PasswordOutcome.Success && account is not null)
            {
                await accounts.RecordFailureAsync(account);
            }
            await flow.AuditAsync(AuditTypes.SignInFailed, AuditOutcomes.Failure, Id, null, "re-authentication");
            ModelState.AddModelError(nameof(CurrentPassword), l["Account.ReauthFailed"]);
            return null;
        }
        if (flow.SessionId is { } sid)
        {
            await accounts.MarkReauthenticatedAsync(sid, ct);
        }
        return account;
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Principal = HttpContext.CurrentPrincipal();
        UserAccount = await accounts.FindAsync(Id);
        Sessions = await accounts.ActiveSessionsAsync(Id, ct);
        Tokens = await accounts.TokensAsync(Id, ct);
    }

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];
}
