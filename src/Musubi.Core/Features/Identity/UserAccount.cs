using Microsoft.AspNetCore.Identity;

namespace Musubi.Core.Features.Identity;

/// <summary>
/// Sign-in credentials (ASP.NET Core Identity: salted password hash, TOTP authenticator key, recovery codes, lockout).
/// <see cref="IdentityUser{TKey}.Id"/> equals the <see cref="Access.Principal"/> id whose attributes the user reads with.
/// </summary>
public sealed class UserAccount : IdentityUser
{
    /// <summary>Start of the current window of failed sign-ins; failures older than the window do not count toward lockout.</summary>
    public DateTimeOffset? FirstFailedAt { get; set; }

    /// <summary>When the password was last set; re-authentication and credential changes read it.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }
}

/// <summary>
/// A server-side session. The cookie carries only its id; every request checks it is neither revoked, idle past the
/// idle timeout, nor older than the absolute lifetime. Signing out, disabling the account or revoking ends it.
/// </summary>
public sealed class UserSession
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset LastSeenAt { get; set; }
    /// <summary>Absolute end of the session, whatever the activity.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
    /// <summary>When the user last proved their password (and second factor); credential changes need it recent.</summary>
    public DateTimeOffset AuthenticatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedReason { get; set; }
    public string? SourceAddress { get; set; }
    public string? UserAgent { get; set; }
}

/// <summary>
/// A machine client's bearer token (<c>msb_&lt;id&gt;_&lt;secret&gt;</c>). Only the SHA-256 of the secret is stored; the token
/// acts as its owner's principal, limited to its scopes, until it expires or is revoked.
/// </summary>
public sealed class ApiToken
{
    public required string Id { get; set; }
    public required string AccountId { get; set; }
    public required string Name { get; set; }
    public List<string> Scopes { get; set; } = [];
    public required string SecretHash { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
}
