using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Data.Configurations;

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.ConfigureMarked();
        builder.Ignore(e => e.NamesPartial);
        builder.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Country).HasMaxLength(2);
        builder.Property(e => e.Name).HasMaxLength(300);
        builder.Property(e => e.NameJa).HasMaxLength(300);
        builder.HasOne(e => e.Parent).WithMany().HasForeignKey(e => e.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(e => e.Names, b => b.ToJson());
        builder.OwnsMany(e => e.Identifiers, b => b.ToJson());
        builder.OwnsMany(e => e.Certifications, b => b.ToJson());
        builder.HasIndex(e => e.Country);
        builder.HasIndex(e => e.Name);
    }
}
