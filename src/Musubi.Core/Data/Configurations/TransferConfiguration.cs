using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Transfers;

namespace Musubi.Core.Data.Configurations;

internal sealed class TransferCheckConfiguration : IEntityTypeConfiguration<TransferCheck>
{
    /// <summary>Longest stored input case (characters); the API refuses bodies over 1 MiB anyway.</summary>
    public const int MaxInputLength = 64 * 1024;

    public void Configure(EntityTypeBuilder<TransferCheck> builder)
    {
        builder.ToTable("TransferChecks");
        builder.ConfigureMarked();
        builder.Property(e => e.CaseId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(200);
        builder.Property(e => e.From).HasMaxLength(2);
        builder.Property(e => e.To).HasMaxLength(2);
        builder.Property(e => e.ItemName).HasMaxLength(300);
        builder.Property(e => e.Program).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Verdict).HasMaxLength(32);
        builder.Property(e => e.RuleSetHash).HasMaxLength(80);
        builder.Property(e => e.InputJson).HasMaxLength(MaxInputLength);
        builder.HasOne<RuleSetVersion>().WithMany().HasForeignKey(e => e.RuleSetHash).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.CreatedAt);
        builder.HasIndex(e => e.Program);
    }
}

internal sealed class RuleSetVersionConfiguration : IEntityTypeConfiguration<RuleSetVersion>
{
    public void Configure(EntityTypeBuilder<RuleSetVersion> builder)
    {
        builder.ToTable("RuleSetVersions");
        builder.HasKey(e => e.Hash);
        builder.Property(e => e.Hash).HasMaxLength(80);
    }
}
