namespace Musubi.Core.Features.Audit;

/// <summary>What a caller reports to the audit log; the log adds the sequence number, the time and the hashes.</summary>
public sealed record AuditRecord(
    string Type,
    string Outcome,
    string? PrincipalId,
    string? SourceAddress = null,
    string? Object = null,
    string? Detail = null);

/// <summary>The event types Musubi records. New types are added here so the list stays the documentation.</summary>
public static class AuditTypes
{
    public const string SignIn = "auth.sign_in";
    public const string SignInFailed = "auth.sign_in_failed";
    public const string SignOut = "auth.sign_out";
    public const string Lockout = "auth.lockout";
    public const string MfaEnabled = "auth.mfa_enabled";
    public const string MfaFailed = "auth.mfa_failed";
    public const string RecoveryCodeUsed = "auth.recovery_code_used";
    public const string PasswordChanged = "auth.password_changed";
    public const string SessionRevoked = "auth.session_revoked";
    public const string TokenCreated = "auth.token_created";
    public const string TokenRevoked = "auth.token_revoked";
    public const string TokenRejected = "auth.token_rejected";
    public const string AccountCreated = "admin.account_created";
    public const string AccountDisabled = "admin.account_disabled";
    public const string AccountEnabled = "admin.account_enabled";
    public const string AccountUnlocked = "admin.account_unlocked";
    public const string MfaReset = "admin.mfa_reset";
    public const string MembershipChanged = "admin.membership_changed";
    public const string AccessDenied = "access.denied";
    public const string RecordRead = "record.read";
    public const string RecordCreated = "record.created";
    public const string RecordUpdated = "record.updated";
    public const string RecordDeleted = "record.deleted";
    public const string Import = "data.import";
    public const string Export = "data.export";
    public const string Analysis = "analysis.run";
    public const string AuditRead = "audit.read";
    public const string AuditVerified = "audit.verified";
    public const string Checkpoint = "audit.checkpoint";
}

public static class AuditOutcomes
{
    public const string Success = "success";
    public const string Failure = "failure";
    public const string Denied = "denied";
}
