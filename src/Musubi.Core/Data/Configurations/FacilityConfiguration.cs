using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Data.Configurations;

internal sealed class FacilityConfiguration : IEntityTypeConfiguration<Facility>
{
    public void Configure(EntityTypeBuilder<Facility> builder)
    {
        builder.ConfigureMarked();
        builder.Property(e => e.OrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Name).HasMaxLength(300);
        builder.Property(e => e.NameJa).HasMaxLength(300);
        builder.Property(e => e.Address).HasMaxLength(500);
        builder.Property(e => e.Country).HasMaxLength(2);
        builder.Property(e => e.Region).HasMaxLength(100);
        builder.HasOne(e => e.Organization).WithMany().HasForeignKey(e => e.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.Country);
    }
}
