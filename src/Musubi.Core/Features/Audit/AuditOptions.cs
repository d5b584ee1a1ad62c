using Microsoft.Data.Sqlite;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Audit;

/// <summary>How the audit log signs checkpoints and what it records beyond writes, denials and sign-ins.</summary>
public sealed class AuditOptions
{
    /// <summary>The PEM file holding the ECDSA P-256 checkpoint signing key; created (mode 600) on first use when missing.</summary>
    public required string SigningKeyPath { get; init; }

    /// <summary>A signed checkpoint is made once this many events were appended since the last one (0 turns periodic checkpoints off).</summary>
    public int CheckpointEvery { get; init; } = 1000;

    /// <summary>Record GET-by-id of records that carry a marking (CUI, NOFORN, REL TO, …).</summary>
    public bool AuditMarkedReads { get; init; } = true;

    /// <summary>Longest <see cref="AuditEvent.Detail"/> kept; longer detail is cut and ends with an ellipsis.</summary>
    public int MaxDetailLength { get; init; } = 8000;

    public const string KeyFileName = "audit-signing-key.pem";

    /// <summary>
    /// The default key path for a database: beside the SQLite file (<c>musubi.db.audit-signing-key.pem</c>), or for
    /// PostgreSQL <c>~/.local/share/musubi/audit-signing-key.pem</c>. <c>MUSUBI_AUDIT_KEY</c> overrides both.
    /// </summary>
    public static string DefaultKeyPath(DatabaseTarget target)
    {
        if (Environment.GetEnvironmentVariable("MUSUBI_AUDIT_KEY") is { Length: > 0 } path)
        {
            return Path.GetFullPath(path);
        }
        if (target.Provider == DatabaseProvider.Sqlite)
        {
            return new SqliteConnectionStringBuilder(target.ConnectionString).DataSource + "." + KeyFileName;
        }
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        return Path.Combine(data, "musubi", KeyFileName);
    }

    public static AuditOptions For(DatabaseTarget target) => new() { SigningKeyPath = DefaultKeyPath(target) };
}
