using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Musubi.Core.Features.Access;

namespace Musubi.Core.Data.Configurations;

internal static class MarkedEntityMapping
{
    public const int IdLength = 64;

    /// <summary>Key, marking columns and sources shared by every marked record.</summary>
    public static void ConfigureMarked<T>(this EntityTypeBuilder<T> builder) where T : MarkedEntity
    {
        builder.ConfigureTracked();
        builder.Ignore(e => e.MarkingUnspecified);
        builder.Ignore(e => e.SourcesUnspecified);
        builder.ComplexProperty(e => e.Marking, m =>
        {
            m.Property(x => x.Categories).HasMaxLength(200).HasColumnName("MarkingCategories");
            m.Property(x => x.RelTo).HasMaxLength(200).HasColumnName("MarkingRelTo");
            m.Property(x => x.Cui).HasColumnName("MarkingCui");
            m.Property(x => x.NoForn).HasColumnName("MarkingNoForn");
            m.Property(x => x.FedOnly).HasColumnName("MarkingFedOnly");
            m.Property(x => x.NeedToKnow).HasMaxLength(IdLength).HasColumnName("MarkingNeedToKnow");
            m.Property(x => x.DisplayOnly).HasMaxLength(200).HasColumnName("MarkingDisplayOnly");
            m.Ignore(x => x.IsUnmarked);
            m.Ignore(x => x.CategoryList);
            m.Ignore(x => x.RelToList);
            m.Ignore(x => x.Banner);
            m.Ignore(x => x.FileBanner);
        });
    }

    public static void ConfigureTracked<T>(this EntityTypeBuilder<T> builder) where T : TrackedEntity
    {
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasMaxLength(IdLength);
    }
}
