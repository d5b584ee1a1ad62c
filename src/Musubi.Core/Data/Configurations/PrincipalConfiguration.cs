using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Access;

namespace Musubi.Core.Data.Configurations;

internal sealed class PrincipalConfiguration : IEntityTypeConfiguration<Principal>
{
    public void Configure(EntityTypeBuilder<Principal> builder)
    {
        builder.ConfigureTracked();
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Nationality).HasMaxLength(2);
        builder.Property(e => e.OrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.OwnsMany(e => e.Memberships, b => b.ToJson());
    }
}
