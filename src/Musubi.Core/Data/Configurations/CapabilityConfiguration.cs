using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Data.Configurations;

internal sealed class CapabilityNodeConfiguration : IEntityTypeConfiguration<CapabilityNode>
{
    public void Configure(EntityTypeBuilder<CapabilityNode> builder)
    {
        builder.ToTable("CapabilityNodes");
        builder.ConfigureTracked();
        builder.Property(e => e.ParentId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.LabelEn).HasMaxLength(200);
        builder.Property(e => e.LabelJa).HasMaxLength(200);
        builder.HasOne<CapabilityNode>().WithMany().HasForeignKey(e => e.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FacilityCapabilityConfiguration : IEntityTypeConfiguration<FacilityCapability>
{
    public void Configure(EntityTypeBuilder<FacilityCapability> builder)
    {
        builder.ConfigureMarked();
        builder.Property(e => e.FacilityId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.CapabilityCode).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Evidence).HasMaxLength(1000);
        builder.HasOne(e => e.Facility).WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.Capability).WithMany().HasForeignKey(e => e.CapabilityCode).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.CapabilityCode);
    }
}
