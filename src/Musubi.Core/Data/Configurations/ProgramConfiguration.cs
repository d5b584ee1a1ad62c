using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Data.Configurations;

internal sealed class ProgramConfiguration : IEntityTypeConfiguration<DefenseProgram>
{
    public void Configure(EntityTypeBuilder<DefenseProgram> builder)
    {
        builder.ToTable("Programs");
        builder.ConfigureMarked();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(300);
        builder.Property(e => e.NameJa).HasMaxLength(300);
        builder.OwnsMany(e => e.Partners, b => b.ToJson());
        builder.OwnsMany(e => e.Phases, b => b.ToJson());
        builder.HasMany(e => e.WorkPackages).WithOne().HasForeignKey(w => w.ProgramId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkPackageConfiguration : IEntityTypeConfiguration<WorkPackage>
{
    public void Configure(EntityTypeBuilder<WorkPackage> builder)
    {
        // A work package's id is unique within its program (two programs may both have "wp-1").
        builder.HasKey(e => new { e.ProgramId, e.Id });
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.ProgramId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Name).HasMaxLength(300);
    }
}

internal sealed class RequirementConfiguration : IEntityTypeConfiguration<Requirement>
{
    public void Configure(EntityTypeBuilder<Requirement> builder)
    {
        builder.ConfigureMarked();
        builder.Property(e => e.ProgramId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.TitleEn).HasMaxLength(300);
        builder.Property(e => e.TitleJa).HasMaxLength(300);
        builder.Property(e => e.PointOfContact).HasMaxLength(200);
        builder.Property(e => e.FundingStatus).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.ContractingPath).HasConversion<string>().HasMaxLength(20);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(20);
        builder.HasOne(e => e.Program).WithMany().HasForeignKey(e => e.ProgramId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(e => e.AwardedOrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.OwnsMany(e => e.Milestones, b => b.ToJson());
        builder.HasIndex(e => e.NeedBy);
    }
}

internal sealed class AgreementConfiguration : IEntityTypeConfiguration<Agreement>
{
    public void Configure(EntityTypeBuilder<Agreement> builder)
    {
        builder.ConfigureMarked();
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(40);
        builder.Property(e => e.TitleEn).HasMaxLength(300);
        builder.Property(e => e.TitleJa).HasMaxLength(300);
        builder.Property(e => e.ProgramId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.HasOne<DefenseProgram>().WithMany().HasForeignKey(e => e.ProgramId).OnDelete(DeleteBehavior.Restrict);
    }
}
