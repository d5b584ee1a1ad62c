using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Screening;

namespace Musubi.Core.Data.Configurations;

internal static class ScreeningLengths
{
    public const int Source = 64;
    public const int EntityId = 300;
    public const int Name = 1000;
    public const int Principal = 200;
    public const int Hash = 64;
    public const int Word = 32;
    public const int Note = 2000;
    public const int FileName = 260;
}

internal sealed class ScreeningListVersionConfiguration : IEntityTypeConfiguration<ScreeningListVersion>
{
    public void Configure(EntityTypeBuilder<ScreeningListVersion> builder)
    {
        builder.ToTable("ScreeningListVersions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Source).HasMaxLength(ScreeningLengths.Source);
        builder.Property(e => e.Format).HasMaxLength(ScreeningLengths.Word);
        builder.Property(e => e.FileName).HasMaxLength(ScreeningLengths.FileName);
        builder.Property(e => e.ImportedBy).HasMaxLength(ScreeningLengths.Principal);
        builder.Property(e => e.ContentHash).HasMaxLength(ScreeningLengths.Hash);
        builder.Property(e => e.Status).HasMaxLength(ScreeningLengths.Word);
        builder.HasIndex(e => new { e.Source, e.Status });
        // One active version per source, whatever process imports.
        builder.HasIndex(e => e.Source).IsUnique().HasFilter("\"Status\" = 'active'").HasDatabaseName("IX_ScreeningListVersions_ActiveSource");
        builder.HasIndex(e => e.ImportedAt);
    }
}

internal sealed class ScreeningListEntryConfiguration : IEntityTypeConfiguration<ScreeningListEntry>
{
    public void Configure(EntityTypeBuilder<ScreeningListEntry> builder)
    {
        builder.ToTable("ScreeningListEntries");
        builder.HasKey(e => new { e.VersionId, e.EntityId });
        builder.Property(e => e.VersionId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.EntityId).HasMaxLength(ScreeningLengths.EntityId);
        builder.Property(e => e.Schema).HasMaxLength(ScreeningLengths.Source);
        builder.Property(e => e.Caption).HasMaxLength(ScreeningLengths.Name);
        builder.HasOne<ScreeningListVersion>().WithMany().HasForeignKey(e => e.VersionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScreeningRecordConfiguration : IEntityTypeConfiguration<ScreeningRecord>
{
    public void Configure(EntityTypeBuilder<ScreeningRecord> builder)
    {
        builder.ToTable("ScreeningRecords");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.QueryName).HasMaxLength(ScreeningLengths.Name);
        builder.Property(e => e.QueryCountry).HasMaxLength(2);
        builder.Property(e => e.OrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.QueryId).HasMaxLength(ScreeningLengths.Principal);
        builder.Property(e => e.Decision).HasMaxLength(ScreeningLengths.Word);
        builder.Property(e => e.BestEntityId).HasMaxLength(ScreeningLengths.EntityId);
        builder.Property(e => e.BestListVersionId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.ScreenedBy).HasMaxLength(ScreeningLengths.Principal);
        builder.Property(e => e.ReviewStatus).HasMaxLength(ScreeningLengths.Word);
        builder.Property(e => e.ReviewDecision).HasMaxLength(ScreeningLengths.Word);
        builder.Property(e => e.ReviewedBy).HasMaxLength(ScreeningLengths.Principal);
        builder.Property(e => e.ReviewNote).HasMaxLength(ScreeningLengths.Note);
        builder.HasIndex(e => e.ScreenedAt);
        builder.HasIndex(e => e.OrganizationId);
        builder.HasIndex(e => e.ReviewStatus);
    }
}

internal sealed class ScreeningCertificateConfiguration : IEntityTypeConfiguration<ScreeningCertificate>
{
    public void Configure(EntityTypeBuilder<ScreeningCertificate> builder)
    {
        builder.ToTable("ScreeningCertificates");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.RecordId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.IssuedBy).HasMaxLength(ScreeningLengths.Principal);
        builder.Property(e => e.BodyHash).HasMaxLength(ScreeningLengths.Hash);
        builder.HasOne<ScreeningRecord>().WithMany().HasForeignKey(e => e.RecordId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ScreeningAlertConfiguration : IEntityTypeConfiguration<ScreeningAlert>
{
    public void Configure(EntityTypeBuilder<ScreeningAlert> builder)
    {
        builder.ToTable("ScreeningAlerts");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.OrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Kind).HasMaxLength(ScreeningLengths.Word);
        builder.Property(e => e.EntityId).HasMaxLength(ScreeningLengths.EntityId);
        builder.Property(e => e.Source).HasMaxLength(ScreeningLengths.Source);
        builder.Property(e => e.ListVersionId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.PreviousVersionId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.MatchedName).HasMaxLength(ScreeningLengths.Name);
        builder.Property(e => e.RecordId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.AcknowledgedBy).HasMaxLength(ScreeningLengths.Principal);
        builder.HasIndex(e => e.OrganizationId);
        builder.HasIndex(e => e.RaisedAt);
    }
}

internal sealed class OrganizationScreeningConfiguration : IEntityTypeConfiguration<OrganizationScreening>
{
    public void Configure(EntityTypeBuilder<OrganizationScreening> builder)
    {
        builder.ToTable("OrganizationScreenings");
        builder.HasKey(e => e.OrganizationId);
        builder.Property(e => e.OrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
    }
}

internal sealed class DuplicateCandidateConfiguration : IEntityTypeConfiguration<DuplicateCandidate>
{
    public void Configure(EntityTypeBuilder<DuplicateCandidate> builder)
    {
        builder.ToTable("DuplicateCandidates");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.FirstOrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.SecondOrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.FirstName).HasMaxLength(300);
        builder.Property(e => e.SecondName).HasMaxLength(300);
        builder.Property(e => e.Status).HasMaxLength(ScreeningLengths.Word);
        builder.Property(e => e.DecidedBy).HasMaxLength(ScreeningLengths.Principal);
        builder.HasIndex(e => new { e.FirstOrganizationId, e.SecondOrganizationId }).IsUnique();
        builder.HasIndex(e => e.Status);
    }
}
