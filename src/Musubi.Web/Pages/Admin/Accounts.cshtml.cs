using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages.Admin;

/// <summary>
/// Administrators and security officers: every principal with its account state (MFA, lockout, live sessions), and
/// the actions that end access at once — disable (ends sessions, revokes tokens), end sessions, unlock, reset MFA.
/// </summary>
[Authorize(Roles = "administrator,security_officer")]
public sealed class AccountsModel(AppDbContext db, AccountService accounts, SignInFlow flow, TimeProvider clock) : PageModel
{
    public sealed record Row(Principal Principal, UserAccount? Account, int Sessions, bool Locked);

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var principals = await db.Principals.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
        var now = clock.GetUtcNow();
        var open = await db.Sessions.AsNoTracking().Where(s => s.RevokedAt == null).ToListAsync(ct);
        var live = open.Where(s => accounts.IsLive(s, now))
            .GroupBy(s => s.AccountId).ToDictionary(g => g.Key, g => g.Count());
        Rows =
        [
            .. principals.Select(p =>
            {
                var account = users.GetValueOrDefault(p.Id);
                return new Row(p, account, live.GetValueOrDefault(p.Id), account is not null && accounts.IsLockedOut(account));
            }),
        ];
    }

    public async Task<IActionResult> OnPostDisableAsync(string id, CancellationToken ct) =>
        await ActAsync(id, AuditTypes.AccountDisabled, "disable", () => accounts.SetDisabledAsync(id, true, ct));

    public async Task<IActionResult> OnPostEnableAsync(string id, CancellationToken ct) =>
        await ActAsync(id, AuditTypes.AccountEnabled, "enable", () => accounts.SetDisabledAsync(id, false, ct));

    public async Task<IActionResult> OnPostEndSessionsAsync(string id, CancellationToken ct) =>
        await ActAsync(id, AuditTypes.SessionRevoked, "end sessions", async () => await accounts.RevokeAllSessionsAsync(id, "ended by an administrator", ct) > 0);

    public async Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct) =>
        await ActAsync(id, AuditTypes.AccountUnlocked, "unlock", async () =>
        {
            if (await accounts.FindAsync(id) is not { } account)
            {
                return false;
            }
            await accounts.UnlockAsync(account);
            return true;
        });

    public async Task<IActionResult> OnPostResetMfaAsync(string id, CancellationToken ct) =>
        await ActAsync(id, AuditTypes.MfaReset, "reset second factor", async () =>
        {
            if (await accounts.FindAsync(id) is not { } account)
            {
                return false;
            }
            await accounts.ResetMfaAsync(account);
            await accounts.RevokeAllSessionsAsync(id, "second factor reset", ct);
            return true;
        });

    /// <summary>
    /// Nobody acts on their own account here (no self-lockout of the last administrator, no self-reset), and only an
    /// administrator acts on an administrator (a security officer cannot reset an administrator's second factor).
    /// </summary>
    private async Task<IActionResult> ActAsync(string id, string type, string action, Func<Task<bool>> act)
    {
        var caller = HttpContext.CurrentPrincipal();
        var target = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == id, HttpContext.RequestAborted);
        var clipped = "principal " + (id.Length > 64 ? id[..64] : id);
        if (target is null)
        {
            await flow.AuditAsync(type, AuditOutcomes.Failure, User.PrincipalId(), clipped, action + ": no such principal");
            return NotFound();
        }
        if (caller is null || target.Id == caller.Id || (target.HasRole(Roles.Administrator) && !caller.HasRole(Roles.Administrator)))
        {
            await flow.AuditAsync(AuditTypes.AccessDenied, AuditOutcomes.Denied, User.PrincipalId(), clipped, action);
            return Forbid();
        }
        var ok = await act();
        await flow.AuditAsync(type, ok ? AuditOutcomes.Success : AuditOutcomes.Failure, User.PrincipalId(), clipped, action);
        return RedirectToPage();
    }
}
