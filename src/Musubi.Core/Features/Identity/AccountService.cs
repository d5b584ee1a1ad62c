using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;

namespace Musubi.Core.Features.Identity;

/// <summary>
/// Accounts, passwords, lockout, sessions and API tokens: the rules of identity in one place, shared by the web app
/// and the CLI. Password hashing and TOTP are ASP.NET Core Identity's (<see cref="UserManager{TUser}"/>); lockout is
/// counted here so that only failures within the window count and the clock is the injected one.
/// </summary>
public sealed class AccountService(AppDbContext db, UserManager<UserAccount> users, SecurityOptions options, TimeProvider clock)
{
    public SecurityOptions Options => options;

    private DateTimeOffset Now => clock.GetUtcNow();

    public Task<UserAccount?> FindAsync(string userName) => users.FindByNameAsync(userName.Trim());

    /// <summary>Creates the sign-in account of an existing principal. Returns the problems when refused.</summary>
    public async Task<IReadOnlyList<string>> CreateAsync(string principalId, string password, CancellationToken ct = default)
    {
        if (!await db.Principals.AnyAsync(p => p.Id == principalId, ct))
        {
            return [$"no principal '{principalId}'; import it first (principals.json) or pass its attributes"];
        }
        if (await users.FindByIdAsync(principalId) is not null)
        {
            return [$"principal '{principalId}' already has an account"];
        }
        var account = new UserAccount { Id = principalId, UserName = principalId, PasswordChangedAt = Now, LockoutEnabled = true };
        var result = await users.CreateAsync(account, password);
        return result.Succeeded ? [] : [.. result.Errors.Select(e => e.Description)];
    }

    public async Task<IReadOnlyList<string>> SetPasswordAsync(UserAccount account, string password)
    {
        var problems = new List<string>();
        foreach (var validator in users.PasswordValidators)
        {
            var check = await validator.ValidateAsync(users, account, password);
            problems.AddRange(check.Errors.Select(e => e.Description));
        }
        if (problems.Count > 0)
        {
            return problems;
        }
        account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        account.PasswordChangedAt = Now;
        await users.UpdateSecurityStampAsync(account);
        return [];
    }

    public enum PasswordOutcome
    {
        Success,
        /// <summary>Wrong name or password, locked, or disabled: the caller says only "sign-in failed".</summary>
        Failed,
        LockedOut,
        Disabled,
    }

    /// <summary>
    /// Checks a password and counts failures: <see cref="SecurityOptions.LockoutThreshold"/> failures within
    /// <see cref="SecurityOptions.LockoutWindow"/> lock the account for <see cref="SecurityOptions.LockoutDuration"/>.
    /// </summary>
    public async Task<(PasswordOutcome Outcome, UserAccount? Account)> CheckPasswordAsync(string? userName, string? password, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password) || password.Length > 1024)
        {
            return (PasswordOutcome.Failed, null);
        }
        var account = await users.FindByNameAsync(userName.Trim());
        if (account is null)
        {
            // Spend the same work as a real check so that timing does not reveal which names exist.
            users.PasswordHasher.VerifyHashedPassword(new UserAccount(), DummyHash.Value, password);
            return (PasswordOutcome.Failed, null);
        }
        if (IsLockedOut(account) || account.PasswordHash is null)
        {
            // The same hash work as a real check: response time must not tell a locked or password-less account.
            users.PasswordHasher.VerifyHashedPassword(new UserAccount(), DummyHash.Value, password);
            return (IsLockedOut(account) ? PasswordOutcome.LockedOut : PasswordOutcome.Failed, account);
        }
        var verdict = users.PasswordHasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            return (await RecordFailureAsync(account) ? PasswordOutcome.LockedOut : PasswordOutcome.Failed, account);
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            account.PasswordHash = users.PasswordHasher.HashPassword(account, password);
        }
        if (await IsDisabledAsync(account.Id, ct))
        {
            return (PasswordOutcome.Disabled, account);
        }
        account.AccessFailedCount = 0;
        account.FirstFailedAt = null;
        await users.UpdateAsync(account);
        return (PasswordOutcome.Success, account);
    }

    public bool IsLockedOut(UserAccount account) => account.LockoutEnd is { } end && end > Now;

    /// <summary>
    /// Counts a failed password or second factor; true when this failure locked the account. Parallel failures must
    /// each count: a lost update (Identity's concurrency stamp) is re-read and retried, and if it still cannot be
    /// written the account is locked rather than the failure forgotten.
    /// </summary>
    public async Task<bool> RecordFailureAsync(UserAccount account)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var now = Now;
            if (account.FirstFailedAt is not { } first || now - first > options.LockoutWindow)
            {
                account.FirstFailedAt = now;
                account.AccessFailedCount = 0;
            }
            account.AccessFailedCount++;
            var locked = account.AccessFailedCount >= options.LockoutThreshold || attempt == 7;
            if (locked)
            {
                account.LockoutEnd = now + options.LockoutDuration;
                account.AccessFailedCount = 0;
                account.FirstFailedAt = null;
            }
            if ((await users.UpdateAsync(account)).Succeeded)
            {
                return locked;
            }
            await db.Entry(account).ReloadAsync();
        }
        return true;
    }

    public async Task UnlockAsync(UserAccount account)
    {
        account.LockoutEnd = null;
        account.AccessFailedCount = 0;
        account.FirstFailedAt = null;
        await users.UpdateAsync(account);
    }

    public Task<bool> IsDisabledAsync(string principalId, CancellationToken ct = default) =>
        db.Principals.AsNoTracking().Where(p => p.Id == principalId).Select(p => p.Disabled).FirstOrDefaultAsync(ct);

    // ---- second factor (RFC 6238 TOTP through Identity's authenticator provider) ----

    /// <summary>The authenticator key to enrol (created on first use) and its otpauth:// URI for a QR code.</summary>
    public async Task<(string Key, string Uri)> AuthenticatorKeyAsync(UserAccount account)
    {
        var key = await users.GetAuthenticatorKeyAsync(account);
        if (string.IsNullOrEmpty(key))
        {
            await users.ResetAuthenticatorKeyAsync(account);
            key = (await users.GetAuthenticatorKeyAsync(account))!;
        }
        var label = Uri.EscapeDataString("Musubi:" + account.UserName);
        return (key, $"otpauth://totp/{label}?secret={key}&issuer=Musubi&algorithm=SHA1&digits=6&period=30");
    }

    /// <summary>
    /// Checks a TOTP code. Identity accepts a code for about 90 seconds around its step; a code once accepted is
    /// refused for the rest of that time, so an observed code cannot be replayed.
    /// </summary>
    public async Task<bool> VerifyTotpAsync(UserAccount account, string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return false;
        }
        var clean = code.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var last = await users.GetAuthenticationTokenAsync(account, "Musubi", "LastTotp");
        if (last?.Split('@') is [var lastCode, var lastAt]
            && lastCode == clean
            && long.TryParse(lastAt, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var at)
            && Now.ToUnixTimeSeconds() - at < 180)
        {
            return false;
        }
        if (!await users.VerifyTwoFactorTokenAsync(account, users.Options.Tokens.AuthenticatorTokenProvider, clean))
        {
            return false;
        }
        await users.SetAuthenticationTokenAsync(account, "Musubi", "LastTotp",
            clean + "@" + Now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>Turns on TOTP after the user proved a code from the new key; returns fresh recovery codes.</summary>
    public async Task<IReadOnlyList<string>?> EnableMfaAsync(UserAccount account, string? code)
    {
        if (!await VerifyTotpAsync(account, code))
        {
            return null;
        }
        await users.SetTwoFactorEnabledAsync(account, true);
        return [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!];
    }

    public async Task<IReadOnlyList<string>> NewRecoveryCodesAsync(UserAccount account) =>
        [.. (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!];

    public async Task<bool> RedeemRecoveryCodeAsync(UserAccount account, string? code) =>
        !string.IsNullOrWhiteSpace(code) && (await users.RedeemTwoFactorRecoveryCodeAsync(account, code.Trim())).Succeeded;

    public async Task ResetMfaAsync(UserAccount account)
    {
        await users.SetTwoFactorEnabledAsync(account, false);
        await users.ResetAuthenticatorKeyAsync(account);
    }

    // ---- sessions ----

    /// <summary>Starts a new server-side session (a new id at every sign-in).</summary>
    public async Task<UserSession> StartSessionAsync(string accountId, string? sourceAddress, string? userAgent, CancellationToken ct = default)
    {
        var now = Now;
        var session = new UserSession
        {
            Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)),
            AccountId = accountId,
            CreatedAt = now,
            LastSeenAt = now,
            AuthenticatedAt = now,
            ExpiresAt = now + options.AbsoluteLifetime,
            SourceAddress = Truncate(sourceAddress, 64),
            UserAgent = Truncate(userAgent, 400),
        };
        db.Sessions.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    public enum SessionState
    {
        Active,
        Missing,
        Revoked,
        Idle,
        Expired,
    }

    /// <summary>
    /// Checks a session on a request and marks it used. Ends it (revoked, with the reason) when idle or past its
    /// absolute lifetime. A disabled principal's sessions are ended when it is disabled, and by the access-scope
    /// middleware, which reads the principal on every request anyway.
    /// </summary>
    public async Task<(SessionState State, UserSession? Session)> TouchSessionAsync(string sessionId, string accountId, CancellationToken ct = default)
    {
        var session = await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId && s.AccountId == accountId, ct);
        if (session is null)
        {
            return (SessionState.Missing, null);
        }
        if (session.RevokedAt is not null)
        {
            return (SessionState.Revoked, session);
        }
        var now = Now;
        var state = now >= session.ExpiresAt ? SessionState.Expired
            : now - session.LastSeenAt >= options.IdleTimeout ? SessionState.Idle
            : SessionState.Active;
        if (state != SessionState.Active)
        {
            session.RevokedAt = now;
            session.RevokedReason = state.ToString().ToLowerInvariant();
            await db.SaveChangesAsync(ct);
            return (state, session);
        }
        // Writing on every request would serialize readers on SQLite; a few seconds of slack is far below the timeout.
        if (now - session.LastSeenAt >= TimeSpan.FromSeconds(15))
        {
            session.LastSeenAt = now;
            await db.SaveChangesAsync(ct);
        }
        return (state, session);
    }

    public async Task MarkReauthenticatedAsync(string sessionId, CancellationToken ct = default)
    {
        if (await db.Sessions.FirstOrDefaultAsync(s => s.Id == sessionId, ct) is { } session)
        {
            session.AuthenticatedAt = Now;
            await db.SaveChangesAsync(ct);
        }
    }

    public async Task<bool> RecentlyAuthenticatedAsync(string sessionId, CancellationToken ct = default) =>
        await db.Sessions.AsNoTracking().Where(s => s.Id == sessionId).Select(s => (DateTimeOffset?)s.AuthenticatedAt).FirstOrDefaultAsync(ct) is { } at
        && Now - at <= options.ReauthenticationWindow;

    public async Task<int> RevokeSessionAsync(string sessionId, string accountId, string reason, CancellationToken ct = default) =>
        await RevokeAsync(db.Sessions.Where(s => s.Id == sessionId && s.AccountId == accountId && s.RevokedAt == null), reason, ct);

    /// <summary>Ends every session of the account (sign-out everywhere, disabling, credential change).</summary>
    public Task<int> RevokeAllSessionsAsync(string accountId, string reason, CancellationToken ct = default) =>
        RevokeAsync(db.Sessions.Where(s => s.AccountId == accountId && s.RevokedAt == null), reason, ct);

    private async Task<int> RevokeAsync(IQueryable<UserSession> sessions, string reason, CancellationToken ct)
    {
        var list = await sessions.ToListAsync(ct);
        foreach (var s in list)
        {
            s.RevokedAt = Now;
            s.RevokedReason = reason;
        }
        await db.SaveChangesAsync(ct);
        return list.Count;
    }

    /// <summary>Not revoked, not past its absolute end, not idle.</summary>
    public bool IsLive(UserSession session, DateTimeOffset now) =>
        session.RevokedAt is null && session.ExpiresAt > now && now - session.LastSeenAt < options.IdleTimeout;

    public async Task<List<UserSession>> ActiveSessionsAsync(string accountId, CancellationToken ct = default)
    {
        var now = Now;
        var open = await db.Sessions.AsNoTracking().Where(s => s.AccountId == accountId && s.RevokedAt == null).ToListAsync(ct);
        return [.. open.Where(s => IsLive(s, now)).OrderByDescending(s => s.LastSeenAt)];
    }

    // ---- disabling ----

    /// <summary>Disables or re-enables a principal; disabling ends every session and revokes every token at once.</summary>
    public async Task<bool> SetDisabledAsync(string principalId, bool disabled, CancellationToken ct = default)
    {
        var principal = await db.Principals.FirstOrDefaultAsync(p => p.Id == principalId, ct);
        if (principal is null)
        {
            return false;
        }
        principal.Disabled = disabled;
        await db.SaveChangesAsync(ct);
        if (disabled)
        {
            await RevokeAllSessionsAsync(principalId, "account disabled", ct);
            foreach (var token in await db.ApiTokens.Where(t => t.AccountId == principalId && t.RevokedAt == null).ToListAsync(ct))
            {
                token.RevokedAt = Now;
            }
            await db.SaveChangesAsync(ct);
        }
        return true;
    }

    // ---- API tokens ----

    public const string TokenPrefix = "msb_";

    /// <summary>Creates a token; the returned secret is shown once and never stored.</summary>
    public async Task<(ApiToken? Token, string? Secret, IReadOnlyList<string> Problems)> CreateTokenAsync(
        string accountId, string? name, IReadOnlyCollection<string>? scopes, TimeSpan? lifetime, CancellationToken ct = default)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            problems.Add("name: give the token a name of 1 to 200 characters (what uses it)");
        }
        var wanted = scopes?.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (wanted.Count == 0)
        {
            problems.Add($"scopes: name at least one of {string.Join(", ", TokenScopes.All)}");
        }
        foreach (var unknown in wanted.Where(s => !TokenScopes.All.Contains(s, StringComparer.Ordinal)))
        {
            problems.Add($"scopes: '{unknown}' is not a scope; use {string.Join(", ", TokenScopes.All)}");
        }
        var life = lifetime ?? TimeSpan.FromDays(30);
        if (life <= TimeSpan.Zero || life > options.TokenMaxLifetime)
        {
            problems.Add($"expiresInDays: a token lives between 1 and {options.TokenMaxLifetime.TotalDays:0} days");
        }
        if (problems.Count > 0)
        {
            return (null, null, problems);
        }
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken
        {
            Id = id,
            AccountId = accountId,
            Name = name!.Trim(),
            Scopes = wanted,
            SecretHash = Hash(secret),
            CreatedAt = Now,
            ExpiresAt = Now + life,
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(ct);
        return (token, $"{TokenPrefix}{id}_{secret}", []);
    }

    /// <summary>The live token a presented bearer string names, or null (malformed, unknown, wrong secret, expired, revoked, owner disabled).</summary>
    public async Task<ApiToken?> ValidateTokenAsync(string presented, CancellationToken ct = default)
    {
        if (!presented.StartsWith(TokenPrefix, StringComparison.Ordinal) || presented.Length > 200)
        {
            return null;
        }
        var rest = presented[TokenPrefix.Length..];
        var cut = rest.IndexOf('_', StringComparison.Ordinal);
        if (cut <= 0)
        {
            return null;
        }
        var id = rest[..cut];
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == id, ct);
        if (token is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(rest[(cut + 1)..])), Encoding.ASCII.GetBytes(token.SecretHash))
            || token.RevokedAt is not null
            || token.ExpiresAt <= Now
            || await IsDisabledAsync(token.AccountId, ct))
        {
            return null;
        }
        if (token.LastUsedAt is not { } used || Now - used > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = Now;
            await db.SaveChangesAsync(ct);
        }
        return token;
    }

    public async Task<bool> RevokeTokenAsync(string accountId, string tokenId, CancellationToken ct = default)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.AccountId == accountId && t.RevokedAt == null, ct);
        if (token is null)
        {
            return false;
        }
        token.RevokedAt = Now;
        await db.SaveChangesAsync(ct);
        return true;
    }

    public async Task<List<ApiToken>> TokensAsync(string accountId, CancellationToken ct = default) =>
        // Sorted here: SQLite cannot order by a DateTimeOffset column.
        [.. (await db.ApiTokens.AsNoTracking().Where(t => t.AccountId == accountId).ToListAsync(ct)).OrderByDescending(t => t.CreatedAt)];

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Truncate(string? value, int max) => value is null ? null : value.Length <= max ? value : value[..max];

    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<UserAccount>().HashPassword(new UserAccount(), "not-a-real-password-" + Guid.NewGuid()));
}
