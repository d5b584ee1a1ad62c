using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.PriorityRequests;

namespace Musubi.Core.Data.Configurations;

// Registry ids (part, supplier, facility, program) are checked when a request is created and kept as plain columns, not
// foreign keys: a request is a record of what was asked, and must not stop the registry from being edited.
internal sealed class PriorityRequestConfiguration : IEntityTypeConfiguration<PriorityRequest>
{
    public const int JustificationLength = 4000;
    public const int OperationLength = 300;
    public const int ReasonLength = 2000;

    public void Configure(EntityTypeBuilder<PriorityRequest> builder)
    {
        builder.ToTable("PriorityRequests");
        builder.ConfigureMarked();
        builder.Property(e => e.RequestingGovernment).HasMaxLength(2);
        builder.Property(e => e.ReceivingGovernment).HasMaxLength(2);
        builder.Property(e => e.PartId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.SupplierOrganizationId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.FacilityId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.ProgramId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Justification).HasMaxLength(JustificationLength);
        builder.Property(e => e.Operation).HasMaxLength(OperationLength);
        builder.Property(e => e.Priority).HasMaxLength(20);
        builder.Property(e => e.State).HasMaxLength(30);
        builder.Property(e => e.DeclineReason).HasMaxLength(ReasonLength);
        builder.Property(e => e.CreatedBy).HasMaxLength(200);
        builder.HasMany(e => e.Transitions).WithOne().HasForeignKey(t => t.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(e => e.Comments).WithOne().HasForeignKey(c => c.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.State, e.DueAt });
        builder.HasIndex(e => e.SupplierOrganizationId);
        builder.HasIndex(e => e.CreatedAt);
    }
}

internal sealed class PriorityTransitionConfiguration : IEntityTypeConfiguration<PriorityTransition>
{
    public const int NoteLength = 2000;

    public void Configure(EntityTypeBuilder<PriorityTransition> builder)
    {
        builder.ToTable("PriorityTransitions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.RequestId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.From).HasMaxLength(30);
        builder.Property(e => e.To).HasMaxLength(30);
        builder.Property(e => e.Action).HasMaxLength(30);
        builder.Property(e => e.By).HasMaxLength(200);
        builder.Property(e => e.Note).HasMaxLength(NoteLength);
        builder.HasIndex(e => new { e.RequestId, e.At });
    }
}

internal sealed class PriorityCommentConfiguration : IEntityTypeConfiguration<PriorityComment>
{
    public const int TextLength = 4000;

    public void Configure(EntityTypeBuilder<PriorityComment> builder)
    {
        builder.ToTable("PriorityComments");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.RequestId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.By).HasMaxLength(200);
        builder.Property(e => e.Text).HasMaxLength(TextLength);
        builder.HasIndex(e => new { e.RequestId, e.At });
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> builder)
    {
        builder.ToTable("Notifications");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.RecipientId).HasMaxLength(200);
        builder.Property(e => e.RequestId).HasMaxLength(MarkedEntityMapping.IdLength);
        builder.Property(e => e.Kind).HasMaxLength(30);
        builder.Property(e => e.Text).HasMaxLength(1000);
        builder.HasOne<PriorityRequest>().WithMany().HasForeignKey(e => e.RequestId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(e => new { e.RecipientId, e.CreatedAt });
    }
}

internal sealed class MailOutboxConfiguration : IEntityTypeConfiguration<MailOutbox>
{
    public void Configure(EntityTypeBuilder<MailOutbox> builder)
    {
        builder.ToTable("MailOutbox");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(64);
        builder.Property(e => e.ToPrincipalId).HasMaxLength(200);
        builder.Property(e => e.Subject).HasMaxLength(300);
        builder.Property(e => e.Body).HasMaxLength(8000);
        builder.HasIndex(e => new { e.SentAt, e.CreatedAt });
    }
}
