using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Surge;

namespace Musubi.Core.Data.Configurations;

internal sealed class SurgeRunConfiguration : IEntityTypeConfiguration<SurgeRun>
{
    public const int NameLength = 200;

    public void Configure(EntityTypeBuilder<SurgeRun> builder)
    {
        builder.ToTable("SurgeRuns");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.Name).HasMaxLength(NameLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(200);
        builder.HasIndex(e => new { e.CreatedBy, e.CreatedAt });
        builder.HasIndex(e => e.CreatedAt);
    }
}
