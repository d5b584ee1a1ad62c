using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Registry;
using Musubi.Core.Features.Workshare;

namespace Musubi.Core.Data.Configurations;

internal sealed class WorkshareRunConfiguration : IEntityTypeConfiguration<WorkshareRun>
{
    public const int NameLength = 200;

    public void Configure(EntityTypeBuilder<WorkshareRun> builder)
    {
        builder.ToTable("WorkshareRuns");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(NameLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(200);
        builder.Property(e => e.Program).HasMaxLength(300);
        builder.Property(e => e.ProgramId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.HasIndex(e => new { e.CreatedBy, e.CreatedAt });
        builder.HasIndex(e => new { e.ProgramId, e.CreatedAt });
    }
}

internal sealed class WorkshareContractConfiguration : IEntityTypeConfiguration<WorkshareContract>
{
    public const int ReferenceLength = 300;

    public void Configure(EntityTypeBuilder<WorkshareContract> builder)
    {
        builder.ToTable("WorkshareContracts");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.ProgramId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Nation).HasMaxLength(2);
        builder.Property(e => e.CompanyId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Reference).HasMaxLength(ReferenceLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(200);
        builder.HasOne<DefenseProgram>().WithMany().HasForeignKey(e => e.ProgramId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.ProgramId, e.Date });
    }
}
