namespace Musubi.Core.Features.Identity;

/// <summary>
/// Limits for sign-in, sessions and tokens. Defaults follow NIST SP 800-171 r3 (03.01.08 unsuccessful logon attempts,
/// 03.01.10 device lock, 03.01.11 session termination) as the issue sets them; configure under <c>Musubi:Security</c>.
/// </summary>
public sealed record SecurityOptions
{
    /// <summary>Failed sign-ins within <see cref="LockoutWindow"/> that lock the account.</summary>
    public int LockoutThreshold { get; init; } = 3;
    public TimeSpan LockoutWindow { get; init; } = TimeSpan.FromMinutes(15);
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>A session unused this long ends.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>A session ends this long after sign-in, however active.</summary>
    public TimeSpan AbsoluteLifetime { get; init; } = TimeSpan.FromHours(12);
    /// <summary>Changing credentials needs the password (and code) proved within this long.</summary>
    public TimeSpan ReauthenticationWindow { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>How long a half-finished sign-in (password proved, second factor pending) may wait.</summary>
    public TimeSpan SecondFactorWindow { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>The longest lifetime an API token may be given.</summary>
    public TimeSpan TokenMaxLifetime { get; init; } = TimeSpan.FromDays(90);
    /// <summary>Require TOTP for every account (always true outside demo mode).</summary>
    public bool RequireMfa { get; init; } = true;
}

/// <summary>Scopes an API token may carry; a token acts as its owner but only within its scopes.</summary>
public static class TokenScopes
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Import = "import";
    public const string Export = "export";
    public const string Audit = "audit";

    public static readonly IReadOnlyList<string> All = [Read, Write, Import, Export, Audit];
}
