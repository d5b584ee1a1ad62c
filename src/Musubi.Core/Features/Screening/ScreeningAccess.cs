using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Musubi.Core.Data;

namespace Musubi.Core.Features.Screening;

/// <summary>
/// The access policy for screening data about registry organizations: a screening record, an alert, an organization's
/// continuous-screening state and a duplicate candidate are visible exactly when the organizations they name are
/// (each organization read through its own marking filter, ADR 0002). A record of a free-text name names no
/// organization and is visible to every reader. Installed as global query filters by <see cref="AppDbContext"/>; the
/// system scope also sees rows whose organization has since been deleted.
/// </summary>
internal static class ScreeningAccess
{
    private static readonly Expression<Func<AppDbContext, ScreeningRecord, bool>> Record = (c, r) =>
        r.OrganizationId == null || c.AccessUnrestricted || c.Organizations.Any(o => o.Id == r.OrganizationId);

    private static readonly Expression<Func<AppDbContext, ScreeningAlert, bool>> Alert = (c, a) =>
        c.AccessUnrestricted || c.Organizations.Any(o => o.Id == a.OrganizationId);

    private static readonly Expression<Func<AppDbContext, OrganizationScreening, bool>> State = (c, s) =>
        c.AccessUnrestricted || c.Organizations.Any(o => o.Id == s.OrganizationId);

    private static readonly Expression<Func<AppDbContext, DuplicateCandidate, bool>> Duplicate = (c, d) =>
        c.AccessUnrestricted
        || (c.Organizations.Any(o => o.Id == d.FirstOrganizationId) && c.Organizations.Any(o => o.Id == d.SecondOrganizationId));

    /// <summary>Installs the filters, reading the reader's scope from <paramref name="context"/> (EF parameterizes it per query).</summary>
    public static void Apply(ModelBuilder modelBuilder, AppDbContext context)
    {
        modelBuilder.Entity<ScreeningRecord>().HasQueryFilter(Bind(Record, context));
        modelBuilder.Entity<ScreeningAlert>().HasQueryFilter(Bind(Alert, context));
        modelBuilder.Entity<OrganizationScreening>().HasQueryFilter(Bind(State, context));
        modelBuilder.Entity<DuplicateCandidate>().HasQueryFilter(Bind(Duplicate, context));
    }

    private static Expression<Func<T, bool>> Bind<T>(Expression<Func<AppDbContext, T, bool>> filter, AppDbContext context) =>
        Expression.Lambda<Func<T, bool>>(new Replace(filter.Parameters[0], Expression.Constant(context)).Visit(filter.Body), filter.Parameters[1]);

    private sealed class Replace(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
