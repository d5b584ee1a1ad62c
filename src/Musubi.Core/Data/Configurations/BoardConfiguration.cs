using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Board;
using Musubi.Core.Features.Registry;

namespace Musubi.Core.Data.Configurations;

// Principal and organization ids are plain columns (as on priority requests): a subscription is the owner's, and the
// registry stays editable. Seen rows and feed items go with their subscription; feed items also go with their requirement.
internal sealed class BoardSubscriptionConfiguration : IEntityTypeConfiguration<BoardSubscription>
{
    public const int NameLength = 200;
    public const int QueryLength = 4000;

    public void Configure(EntityTypeBuilder<BoardSubscription> builder)
    {
        builder.ToTable("BoardSubscriptions");
        builder.ConfigureTracked();
        builder.Property(e => e.PrincipalId).HasMaxLength(200);
        builder.Property(e => e.OrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Name).HasMaxLength(NameLength);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.Query).HasMaxLength(QueryLength);
        builder.Property(e => e.Digest).HasMaxLength(20);
        builder.HasIndex(e => e.PrincipalId);
    }
}

internal sealed class BoardSubscriptionSeenConfiguration : IEntityTypeConfiguration<BoardSubscriptionSeen>
{
    public void Configure(EntityTypeBuilder<BoardSubscriptionSeen> builder)
    {
        builder.ToTable("BoardSubscriptionSeen");
        builder.HasKey(e => new { e.SubscriptionId, e.RequirementId });
        builder.Property(e => e.SubscriptionId).HasMaxLength(64);
        builder.Property(e => e.RequirementId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.HasOne<BoardSubscription>().WithMany().HasForeignKey(e => e.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BoardFeedItemConfiguration : IEntityTypeConfiguration<BoardFeedItem>
{
    public void Configure(EntityTypeBuilder<BoardFeedItem> builder)
    {
        builder.ToTable("BoardFeedItems");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.SubscriptionId).HasMaxLength(64);
        builder.Property(e => e.PrincipalId).HasMaxLength(200);
        builder.Property(e => e.RequirementId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Change).HasMaxLength(20);
        builder.HasOne<BoardSubscription>().WithMany().HasForeignKey(e => e.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Requirement>().WithMany().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.PrincipalId, e.CreatedAt });
        builder.HasIndex(e => new { e.SubscriptionId, e.CreatedAt });
    }
}
