using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Registry;
using Musubi.Testing;

namespace Musubi.Core.Tests.DataAccess;

/// <summary>
/// The access filter's program list is one parameter, whatever its length (ADR 0046). EF Core 10 by default writes a
/// list as one parameter per element, and then never caches the command: every query of a marked record was processed
/// and its SQL written anew. With one parameter the text is the same for every reader, so EF keeps it.
/// </summary>
public sealed class AccessFilterSqlTests
{
    public static TheoryProviders Providers => TestDatabase.Providers;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task NeedToKnow_ReadersWithFewOrManyPrograms_RunTheSameCommandAndSeeTheirOwnPrograms(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using (var system = database.NewContext(AccessScope.System))
        {
            system.Organizations.AddRange(
                Organization("open", null),
                Organization("gpi-only", "gpi"),
                Organization("gcap-only", "gcap"));
            await system.SaveChangesAsync();
        }

        var few = Reader(["gpi"]);
        var many = Reader(["sm3-iia", "gcap", "jnaam", "f-35", "aegis", "gpi", "pac-3"]);
        var none = Reader([]);

        var commands = new CommandTexts();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        database.Target.Configure(options);
        options.AddInterceptors(commands);
        var (fewSeen, fewSql) = await ReadAsync(options.Options, database, commands, few);
        var (manySeen, manySql) = await ReadAsync(options.Options, database, commands, many);
        var (noneSeen, noneSql) = await ReadAsync(options.Options, database, commands, none);

        Assert.Equal(["gpi-only", "open"], fewSeen);
        Assert.Equal(["gcap-only", "gpi-only", "open"], manySeen);
        Assert.Equal(["open"], noneSeen);
        Assert.Equal(fewSql, manySql);
        Assert.Equal(fewSql, noneSql);
    }

    private static AccessScope Reader(List<string> programs) =>
        new() { PrincipalId = "reader", Nationality = "JPN", CuiAccess = true, Programs = programs };

    private static Organization Organization(string id, string? program) => new()
    {
        Id = id,
        Country = "JP",
        Name = id,
        Marking = new Marking { NeedToKnow = program },
    };

    private static async Task<(string[] Seen, string Sql)> ReadAsync(
        DbContextOptions<AppDbContext> options, TestDatabase database, CommandTexts commands, AccessScope scope)
    {
        commands.Texts.Clear();
        await using var db = new AppDbContext(options, database.Clock) { Scope = scope };
        var seen = await db.Organizations.OrderBy(o => o.Id).Select(o => o.Id).ToArrayAsync();
        return (seen, Assert.Single(commands.Texts));
    }

    private sealed class CommandTexts : DbCommandInterceptor
    {
        public List<string> Texts { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Texts.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}
