using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data.Configurations;
using Musubi.Core.Features.Audit;

namespace Musubi.Core.Features.Screening;

public sealed partial class ScreeningService
{
    /// <summary>The <c>format</c> every certificate body names.</summary>
    public const string CertificateFormat = "musubi-screening-certificate/1";

    /// <summary>
    /// Issues a certificate for a record: a canonical JSON body (the query; every list version screened against with
    /// its source, format, file, published date, import time and content hash; thresholds; decision; best candidate
    /// with its explanation; reviewer and review decision) and its SHA-256, saved and audited as
    /// <c>screening.certificate.issued</c>. Null when the record does not exist or the reader may not see it; a conflict
    /// while the record is still pending review (a certificate states a final answer).
    /// </summary>
    public async Task<ScreeningCertificate?> IssueCertificateAsync(string recordId, AuditTrail audit, CancellationToken ct = default)
    {
        var record = await GetRecordAsync(recordId, ct);
        if (record is null)
        {
            return null;
        }
        if (record.ReviewStatus == ScreeningRecord.ReviewPending)
        {
            throw new ScreeningConflictException($"record {record.Id} is a {record.Decision} waiting for review; review it (confirmed_match, false_positive or cleared) before a certificate can be issued");
        }
        var versionIds = VersionsOf(record);
        var versions = await db.ScreeningListVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var certificate = new ScreeningCertificate
        {
            Id = ScreeningJson.NewId(CertificatePrefix, now),
            RecordId = record.Id,
            IssuedAt = now,
            IssuedBy = Clip(audit.PrincipalId, ScreeningLengths.Principal) ?? "anonymous",
            Body = "",
            BodyHash = "",
        };
        certificate.Body = CertificateBody(certificate, record, versionIds.Select(id => versions.FirstOrDefault(v => v.Id == id)).OfType<ScreeningListVersion>().ToList());
        certificate.BodyHash = ScreeningJson.Sha256(certificate.Body);
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            db.ScreeningCertificates.Add(certificate);
            await db.SaveChangesAsync(ct);
            await audit.AppendAsync(db, ScreeningAuditTypes.CertificateIssued, AuditOutcomes.Success, "screening/certificates/" + certificate.Id,
                JsonSerializer.Serialize(new { record = record.Id, bodyHash = certificate.BodyHash, decision = record.Decision, review = record.ReviewDecision }), ct);
            await tx.CommitAsync(ct);
        }
        db.Entry(certificate).State = EntityState.Detached;
        await audit.Log.CheckpointIfDueAsync(db, ct);
        return certificate;
    }

    private static string CertificateBody(ScreeningCertificate certificate, ScreeningRecord record, IReadOnlyList<ScreeningListVersion> versions)
    {
        var outcome = ResultOf(record);
        var body = new
        {
            format = CertificateFormat,
            certificate = new { id = certificate.Id, issuedAt = certificate.IssuedAt, issuedBy = certificate.IssuedBy },
            record = new { id = record.Id, screenedAt = record.ScreenedAt, screenedBy = record.ScreenedBy, organizationId = record.OrganizationId },
            query = new
            {
                name = record.QueryName,
                country = record.QueryCountry,
                identifiers = JsonNode.Parse(record.QueryIdentifiers),
            },
            lists = versions.Select(v => new
            {
                id = v.Id,
                source = v.Source,
                format = v.Format,
                fileName = v.FileName,
                publishedOn = v.PublishedOn,
                importedAt = v.ImportedAt,
                contentHash = v.ContentHash,
                entities = v.EntityCount,
                status = "active at screening",
            }),
            thresholds = JsonNode.Parse(record.Thresholds),
            decision = record.Decision,
            best = outcome.Best,
            candidates = outcome.Candidates.Count,
            review = new
            {
                status = record.ReviewStatus,
                decision = record.ReviewDecision,
                reviewedBy = record.ReviewedBy,
                reviewedAt = record.ReviewedAt,
                note = record.ReviewNote,
            },
        };
        return ScreeningJson.Canonical(JsonSerializer.SerializeToNode(body, ScreeningJson.Options));
    }

    /// <summary>A certificate, or null when it does not exist or the reader may not see its record.</summary>
    public Task<ScreeningCertificate?> GetCertificateAsync(string id, CancellationToken ct = default) =>
        db.ScreeningCertificates.AsNoTracking()
            .Where(c => c.Id == id && db.ScreeningRecords.Any(r => r.Id == c.RecordId))
            .FirstOrDefaultAsync(ct);

    /// <summary>The certificates issued from a record the reader may see, newest first.</summary>
    public async Task<IReadOnlyList<ScreeningCertificate>> CertificatesOfAsync(string recordId, CancellationToken ct = default) =>
        (await db.ScreeningCertificates.AsNoTracking()
            .Where(c => c.RecordId == recordId && db.ScreeningRecords.Any(r => r.Id == c.RecordId)).ToListAsync(ct))
            .OrderByDescending(c => c.IssuedAt).ToList();

    /// <summary>
    /// True when <paramref name="body"/> is canonical JSON (as issued: re-canonicalizing changes nothing) and its
    /// SHA-256 is <paramref name="bodyHash"/>: the certificate was not altered.
    /// </summary>
    public static bool VerifyCertificate(string body, string bodyHash)
    {
        try
        {
            return ScreeningJson.Canonical(JsonNode.Parse(body)) == body
                && string.Equals(ScreeningJson.Sha256(body), bodyHash?.Trim(), StringComparison.OrdinalIgnoreCase);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
