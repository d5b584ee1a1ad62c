using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;

namespace Musubi.Web.Auth;

/// <summary>
/// The steps of signing in a person: password, then the second factor (or enrolling one), then a new server-side
/// session; and signing out. Between the steps a short-lived, encrypted cookie remembers whose password was proved.
/// Every step is audited.
/// </summary>
public sealed class SignInFlow(IHttpContextAccessor http, AccountService accounts, AppDbContext db, AuditLog audit,
    IDataProtectionProvider protection, TimeProvider clock)
{
    private const string PendingCookie = "musubi.pending";
    private readonly IDataProtector _protector = protection.CreateProtector("Musubi.SignIn.Pending.v1");

    private HttpContext Context => http.HttpContext ?? throw new InvalidOperationException("no HTTP request");

    public string? SourceAddress => Context.Connection.RemoteIpAddress?.ToString();

    public enum Stage
    {
        /// <summary>Password proved; the account has TOTP: ask for a code.</summary>
        Verify,
        /// <summary>Password proved; the account has no TOTP yet and must enrol before it may sign in.</summary>
        Enrol,
    }

    public sealed record Pending(string AccountId, Stage Stage, string? ReturnUrl);

    public void SetPending(string accountId, Stage stage, string? returnUrl)
    {
        var expires = clock.GetUtcNow() + accounts.Options.SecondFactorWindow;
        var payload = string.Join('\n', accountId, stage.ToString(), expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), returnUrl ?? "");
        Context.Response.Cookies.Append(PendingCookie, _protector.Protect(payload), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = Context.Request.IsHttps,
            MaxAge = accounts.Options.SecondFactorWindow,
            Path = "/login",
        });
    }

    public Pending? ReadPending()
    {
        if (!Context.Request.Cookies.TryGetValue(PendingCookie, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }
        try
        {
            var parts = _protector.Unprotect(value).Split('\n');
            if (parts.Length != 4
                || !Enum.TryParse<Stage>(parts[1], out var stage)
                || !long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
                || DateTimeOffset.FromUnixTimeSeconds(expires) <= clock.GetUtcNow())
            {
                return null;
            }
            return new Pending(parts[0], stage, parts[3].Length == 0 ? null : parts[3]);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>
    /// The half-signed-in account at <paramref name="stage"/>, or null — no pending sign-in, another stage, an account
    /// gone or locked — in which case the pending state is cleared and the caller sends the user back to sign-in.
    /// </summary>
    public async Task<(Pending Pending, UserAccount Account)?> PendingAccountAsync(Stage stage)
    {
        if (ReadPending() is { } pending && pending.Stage == stage
            && await accounts.FindAsync(pending.AccountId) is { } account && !accounts.IsLockedOut(account))
        {
            return (pending, account);
        }
        ClearPending();
        return null;
    }

    /// <summary>
    /// A wrong second-factor code: counts toward lockout and is audited; true when it locked the account (the pending
    /// sign-in is then over).
    /// </summary>
    public async Task<bool> SecondFactorFailedAsync(UserAccount account, string what)
    {
        var locked = await accounts.RecordFailureAsync(account);
        await AuditAsync(locked ? AuditTypes.Lockout : AuditTypes.MfaFailed, AuditOutcomes.Failure, account.Id, null, what);
        if (locked)
        {
            ClearPending();
        }
        return locked;
    }

    public void ClearPending() => Context.Response.Cookies.Delete(PendingCookie, new CookieOptions { Path = "/login" });

    /// <summary>
    /// Starts a new session (a fresh id, never reused) and issues the session cookie; false (and nothing issued) when
    /// the principal was disabled while the sign-in was under way.
    /// </summary>
    public async Task<bool> CompleteAsync(string principalId, bool demo, CancellationToken ct)
    {
        var principal = await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == principalId, ct);
        if (principal is null || principal.Disabled)
        {
            ClearPending();
            await AuditAsync(AuditTypes.SignInFailed, AuditOutcomes.Failure, principalId, null, "disabled during sign-in");
            return false;
        }
        var session = await accounts.StartSessionAsync(principalId, SourceAddress, Context.Request.Headers.UserAgent.ToString(), ct);
        Claim[] carry = demo
            ? [new Claim(MusubiAuth.SessionClaim, session.Id), new Claim(MusubiAuth.DemoClaim, "true")]
            : [new Claim(MusubiAuth.SessionClaim, session.Id)];
        await Context.SignInAsync(MusubiAuth.CookieScheme, MusubiAuth.ClaimsFor(principal, MusubiAuth.CookieScheme, carry),
            new AuthenticationProperties { IsPersistent = false, IssuedUtc = clock.GetUtcNow() });
        ClearPending();
        await AuditAsync(AuditTypes.SignIn, AuditOutcomes.Success, principalId, "session " + session.Id[..8], demo ? "demo account" : "password + TOTP");
        return true;
    }

    /// <summary>Signs out: ends every session of the account (not only this browser's), and the cookie.</summary>
    public async Task SignOutAsync(CancellationToken ct)
    {
        if (Context.User.PrincipalId() is { } id)
        {
            var ended = await accounts.RevokeAllSessionsAsync(id, "signed out", ct);
            await AuditAsync(AuditTypes.SignOut, AuditOutcomes.Success, id, null, $"{ended} session(s) ended");
        }
        await Context.SignOutAsync(MusubiAuth.CookieScheme);
    }

    public string? SessionId => Context.User.FindFirstValue(MusubiAuth.SessionClaim);

    public Task AuditAsync(string type, string outcome, string? principalId, string? @object = null, string? detail = null) =>
        audit.AppendAsync(db, new AuditRecord(type, outcome, principalId, SourceAddress, @object, detail), Context.RequestAborted);
}
