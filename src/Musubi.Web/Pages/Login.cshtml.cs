using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Web.Auth;
using Musubi.Web.Hosting;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages;

/// <summary>
/// Sign-in: the CUI notice, user name and password, then the second factor. In demo mode, also one-click demo
/// accounts, marked as such. Failures say only that sign-in failed (no hint whether the name exists or is locked).
/// </summary>
public sealed class LoginModel(AppDbContext db, MusubiHostOptions options, AccountService accounts, SignInFlow flow, IStringLocalizer<UiText> l) : PageModel
{
    /// <summary>The external provider's name when OpenID Connect sign-in is configured.</summary>
    public string? External => options.Oidc.Enabled ? options.Oidc.DisplayName : null;

    public sealed record Account(Principal Principal, LocalName? Organization, IReadOnlyList<LocalName> Programs);

    public bool DemoLogin => options.DemoLogin;

    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? PrincipalId { get; set; }

    public bool SessionEnded { get; private set; }

    public async Task OnGetAsync([FromQuery] string? ended, CancellationToken ct)
    {
        SessionEnded = ended is not null;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var (outcome, account) = await accounts.CheckPasswordAsync(UserName, Password, ct);
        if (outcome != AccountService.PasswordOutcome.Success || account is null)
        {
            var type = outcome == AccountService.PasswordOutcome.LockedOut ? AuditTypes.Lockout : AuditTypes.SignInFailed;
            await flow.AuditAsync(type, AuditOutcomes.Failure, account?.Id, "user " + Clip(UserName), outcome.ToString().ToLowerInvariant());
            // One message for every failure: wrong name, wrong password, locked or disabled.
            ModelState.AddModelError(string.Empty, l["Login.Failed"]);
            Password = null;
            await LoadAsync(ct);
            return Page();
        }
        var safeReturn = SafeReturnUrl();
        if (account.TwoFactorEnabled)
        {
            flow.SetPending(account.Id, SignInFlow.Stage.Verify, safeReturn);
            return RedirectToPage("/LoginMfa");
        }
        if (accounts.Options.RequireMfa)
        {
            flow.SetPending(account.Id, SignInFlow.Stage.Enrol, safeReturn);
            return RedirectToPage("/MfaSetup");
        }
        if (!await flow.CompleteAsync(account.Id, demo: false, ct))
        {
            return RedirectToPage("/Login");
        }
        return LocalRedirect(safeReturn ?? "/");
    }

    public async Task<IActionResult> OnPostDemoAsync(CancellationToken ct)
    {
        if (!options.DemoLogin)
        {
            return NotFound();
        }
        var principal = string.IsNullOrWhiteSpace(PrincipalId)
            ? null
            : await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PrincipalId && !p.Disabled, ct);
        if (principal is null)
        {
            ModelState.AddModelError(nameof(PrincipalId), l["Login.ChooseAccount"]);
            await LoadAsync(ct);
            return Page();
        }
        // A demo account signs in without a password, but through a real session like everyone else.
        if (await db.Users.FindAsync([principal.Id], ct) is null)
        {
            db.Users.Add(new UserAccount
            {
                Id = principal.Id,
                UserName = principal.Id,
                NormalizedUserName = principal.Id.ToUpperInvariant(),
                SecurityStamp = Guid.NewGuid().ToString("N"),
            });
            await db.SaveChangesAsync(ct);
        }
        if (!await flow.CompleteAsync(principal.Id, demo: true, ct))
        {
            return RedirectToPage("/Login");
        }
        return LocalRedirect(SafeReturnUrl() ?? "/");
    }

    private string? SafeReturnUrl() => !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;

    private static string Clip(string? value) => value is null ? "" : value.Length <= 64 ? value : value[..64];

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!options.DemoLogin)
        {
            return;
        }
        var principals = await db.Principals.AsNoTracking().Where(p => !p.Disabled).OrderBy(p => p.Id).ToListAsync(ct);
        // Names of organizations and programs as an anonymous reader may see them; the rest show as their ids.
        var organizationIds = principals.Select(p => p.OrganizationId).OfType<string>().Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => Localized.Name(o.Name, o.NameJa), ct);
        var programs = await db.Programs.AsNoTracking().ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), ct);
        Accounts =
        [
            .. principals.Select(p => new Account(
                p,
                p.OrganizationId is { } org ? organizations.GetValueOrDefault(org, new LocalName(org, "en")) : null,
                [.. p.Memberships.Select(m => m.Program).Distinct().Select(id => programs.GetValueOrDefault(id, new LocalName(id, "en")))])),
        ];
        PrincipalId ??= HttpContext.User.PrincipalId() ?? Accounts.FirstOrDefault()?.Principal.Id;
    }
}
