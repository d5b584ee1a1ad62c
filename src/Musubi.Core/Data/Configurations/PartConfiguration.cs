using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Data.Configurations;

internal sealed class PartConfiguration : IEntityTypeConfiguration<Part>
{
    public void Configure(EntityTypeBuilder<Part> builder)
    {
        builder.ConfigureMarked();
        builder.Property(e => e.Name).HasMaxLength(300);
        builder.Property(e => e.NameJa).HasMaxLength(300);
        builder.Property(e => e.Usml).HasMaxLength(40);
        builder.Property(e => e.Eccn).HasMaxLength(40);
        builder.Property(e => e.JpControl).HasMaxLength(40);
        builder.Property(e => e.FiveCategory).HasConversion<string>().HasMaxLength(20);
    }
}

internal sealed class SourcingOfferConfiguration : IEntityTypeConfiguration<SourcingOffer>
{
    public void Configure(EntityTypeBuilder<SourcingOffer> builder)
    {
        builder.ToTable("Offers");
        builder.ConfigureMarked();
        builder.Property(e => e.PartId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.FacilityId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.HasOne(e => e.Part).WithMany().HasForeignKey(e => e.PartId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(e => e.Facility).WithMany().HasForeignKey(e => e.FacilityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.PartId);
        builder.HasIndex(e => e.FacilityId);
    }
}

internal sealed class OfferInputConfiguration : IEntityTypeConfiguration<OfferInput>
{
    public void Configure(EntityTypeBuilder<OfferInput> builder)
    {
        builder.HasKey(e => new { e.OfferId, e.InputPartId });
        builder.Property(e => e.OfferId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.InputPartId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.HasOne<SourcingOffer>().WithMany().HasForeignKey(e => e.OfferId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Part>().WithMany().HasForeignKey(e => e.InputPartId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.InputPartId);
    }
}

internal sealed class ApprovedSourceConfiguration : IEntityTypeConfiguration<ApprovedSource>
{
    public void Configure(EntityTypeBuilder<ApprovedSource> builder)
    {
        builder.HasKey(e => new { e.OfferId, e.InputPartId, e.SourceOfferId });
        builder.Property(e => e.OfferId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.InputPartId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.SourceOfferId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.HasOne<OfferInput>().WithMany().HasForeignKey(e => new { e.OfferId, e.InputPartId }).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<SourcingOffer>().WithMany().HasForeignKey(e => e.SourceOfferId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(e => e.SourceOfferId);
    }
}
