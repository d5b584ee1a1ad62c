using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Musubi.Core.Data;

/// <summary>
/// Checks string lengths against the maximum lengths the model configures, so an over-long value is a validation error
/// naming its field on every provider — SQLite would store it, PostgreSQL would fail the whole write.
/// </summary>
public static class LengthLimits
{
    /// <summary>Yields (camelCase property, limit) for every string on <paramref name="entity"/> longer than its column allows.</summary>
    public static IEnumerable<(string Field, int Limit)> Violations(IModel model, object entity)
    {
        var type = model.FindEntityType(entity.GetType());
        if (type is null)
        {
            yield break;
        }
        foreach (var property in type.GetProperties())
        {
            if (Exceeds(property, property.PropertyInfo?.GetValue(entity)) is { } limit)
            {
                yield return (Camel(property.Name), limit);
            }
        }
        foreach (var complex in type.GetComplexProperties())
        {
            var value = complex.PropertyInfo?.GetValue(entity);
            if (value is null)
            {
                continue;
            }
            foreach (var property in complex.ComplexType.GetProperties())
            {
                if (Exceeds(property, property.PropertyInfo?.GetValue(value)) is { } limit)
                {
                    yield return (Camel(complex.Name), limit);
                }
            }
        }
    }

    private static int? Exceeds(IReadOnlyProperty property, object? value) =>
        value is string text && property.GetMaxLength() is { } max && text.Length > max ? max : null;

    private static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
