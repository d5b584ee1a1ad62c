using System.Linq.Expressions;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Access;

/// <summary>
/// The one policy decision point: may a reader with these attributes read a record with this marking?
/// The rule is written once, as an expression; EF global query filters use it (so lists, get-by-id,
/// search and exports all obey it in SQL) and <see cref="CanRead"/> compiles the same expression for
/// checks in memory. Anything missing denies: no nationality, no CUI access, no program membership.
/// </summary>
public static class AccessPolicy
{
    /// <summary>(marking, unrestricted, nationality alpha-3, CUI access, federal, programs) → may read.</summary>
    public static readonly Expression<Func<Marking, bool, string?, bool, bool, List<string>, bool>> Rule =
        (m, unrestricted, nationality, cui, federal, programs) =>
            unrestricted ||
            // Default deny: a reader whose nationality is unknown reads unmarked records only (no CUI, no need-to-know).
            ((nationality != null || (!m.Cui && !m.NoForn && !m.FedOnly && m.RelTo == "" && m.DisplayOnly == "" && m.NeedToKnow == null))
             && (!m.Cui || cui)
             && (!m.NoForn || nationality == "USA")
             && (m.RelTo == "" || (nationality != null && m.RelTo.Contains("|" + nationality + "|")))
             && (m.DisplayOnly == "" || nationality == "USA" || (nationality != null && m.DisplayOnly.Contains("|" + nationality + "|")))
             && (!m.FedOnly || federal)
             && (m.NeedToKnow == null || programs.Contains(m.NeedToKnow)));

    private static readonly Func<Marking, bool, string?, bool, bool, List<string>, bool> Compiled = Rule.Compile();

    public static bool CanRead(AccessScope scope, Marking marking) =>
        Compiled(marking, scope.Unrestricted, scope.Nationality, scope.CuiAccess, scope.Federal, scope.Programs);

    /// <summary>
    /// Builds <c>e =&gt; Rule(e.Marking, ctx.AccessUnrestricted, …)</c> for an entity type, reading the
    /// reader's attributes from the context instance so that EF parameterizes them per query.
    /// </summary>
    internal static LambdaExpression FilterFor(Type entityType, AppDbContext context)
    {
        var entity = Expression.Parameter(entityType, "e");
        var ctx = Expression.Constant(context);
        var replacements = new Dictionary<ParameterExpression, Expression>
        {
            [Rule.Parameters[0]] = Expression.Property(entity, nameof(MarkedEntity.Marking)),
            [Rule.Parameters[1]] = Expression.Property(ctx, nameof(AppDbContext.AccessUnrestricted)),
            [Rule.Parameters[2]] = Expression.Property(ctx, nameof(AppDbContext.AccessNationality)),
            [Rule.Parameters[3]] = Expression.Property(ctx, nameof(AppDbContext.AccessCui)),
            [Rule.Parameters[4]] = Expression.Property(ctx, nameof(AppDbContext.AccessFederal)),
            [Rule.Parameters[5]] = Expression.Property(ctx, nameof(AppDbContext.AccessPrograms)),
        };
        var body = new Substitute(replacements).Visit(Rule.Body);
        return Expression.Lambda(body, entity);
    }

    private sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) =>
            map.TryGetValue(node, out var replacement) ? replacement : base.VisitParameter(node);
    }
}
