namespace Musubi.Core.Features.Audit;

/// <summary>
/// One record of the append-only audit log (NIST SP 800-171 r3 03.03.02: event type, time, source, principal, object,
/// outcome). <see cref="Hash"/> covers every field and <see cref="PrevHash"/>, chaining each record to the one before.
/// </summary>
public sealed class AuditEvent
{
    /// <summary>1, 2, 3, … with no gaps; assigned by the appender, not by the database.</summary>
    public long Seq { get; set; }
    public DateTimeOffset Time { get; set; }
    public required string Type { get; set; }
    /// <summary><c>success</c>, <c>failure</c> or <c>denied</c>.</summary>
    public required string Outcome { get; set; }
    public string? PrincipalId { get; set; }
    public string? SourceAddress { get; set; }
    public string? Object { get; set; }
    /// <summary>Free-form detail (JSON or text); never a secret.</summary>
    public string? Detail { get; set; }
    /// <summary>Hex SHA-256 of the previous record (64 zeros for the first).</summary>
    public required string PrevHash { get; set; }
    /// <summary>Hex SHA-256 of this record's canonical form, which includes <see cref="PrevHash"/>.</summary>
    public required string Hash { get; set; }
}

/// <summary>
/// A signed tree head over the first <see cref="TreeSize"/> records (RFC 6962 Merkle tree of their hashes): count,
/// root, time and signature, exportable so that a copy held outside the database can prove the log was not rewritten.
/// </summary>
public sealed class AuditCheckpoint
{
    public long TreeSize { get; set; }
    public required string RootHash { get; set; }
    public DateTimeOffset Time { get; set; }
    /// <summary>Identifies the signing key (hex SHA-256 of its public key, first 16 characters).</summary>
    public required string KeyId { get; set; }
    /// <summary>Base64 ECDSA P-256 signature over the checkpoint's canonical text.</summary>
    public required string Signature { get; set; }
}
