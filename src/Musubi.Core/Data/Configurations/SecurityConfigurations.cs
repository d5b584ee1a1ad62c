using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;

namespace Musubi.Core.Data.Configurations;

internal sealed class UserAccountConfiguration : IEntityTypeConfiguration<UserAccount>
{
    public void Configure(EntityTypeBuilder<UserAccount> builder)
    {
        builder.Property(e => e.Id).HasMaxLength(MarkedEntityMapping.IdLength);
        // One account per principal: the account's id is the principal's.
        builder.HasOne<Principal>().WithOne().HasForeignKey<UserAccount>(e => e.Id).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.AccountId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.RevokedReason).HasMaxLength(200);
        builder.Property(e => e.SourceAddress).HasMaxLength(64);
        builder.Property(e => e.UserAgent).HasMaxLength(400);
        builder.HasOne<UserAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.AccountId);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> builder)
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(32);
        builder.Property(e => e.AccountId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.SecretHash).HasMaxLength(64);
        builder.HasOne<UserAccount>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => e.AccountId);
    }
}

internal sealed class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.HasKey(e => e.Seq);
        builder.Property(e => e.Seq).ValueGeneratedNever();
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Outcome).HasMaxLength(16);
        builder.Property(e => e.PrincipalId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.SourceAddress).HasMaxLength(64);
        builder.Property(e => e.Object).HasMaxLength(400);
        builder.Property(e => e.PrevHash).HasMaxLength(64);
        builder.Property(e => e.Hash).HasMaxLength(64);
        builder.HasIndex(e => e.Time);
        builder.HasIndex(e => e.Type);
    }
}

internal sealed class AuditCheckpointConfiguration : IEntityTypeConfiguration<AuditCheckpoint>
{
    public void Configure(EntityTypeBuilder<AuditCheckpoint> builder)
    {
        builder.HasKey(e => e.TreeSize);
        builder.Property(e => e.TreeSize).ValueGeneratedNever();
        builder.Property(e => e.RootHash).HasMaxLength(64);
        builder.Property(e => e.KeyId).HasMaxLength(64);
        builder.Property(e => e.Signature).HasMaxLength(200);
    }
}
