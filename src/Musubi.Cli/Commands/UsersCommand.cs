using System.CommandLine;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Musubi.Core;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Audit;
using Musubi.Core.Features.Identity;
using Musubi.Core.Features.Import;
using Spectre.Console;

namespace Musubi.Cli.Commands;

/// <summary>
/// <c>musubi users …</c>: the operator's account administration — create sign-ins, set passwords, disable, unlock,
/// reset the second factor, end sessions, manage dated program memberships, issue API tokens. Every change is audited
/// as principal <c>cli:&lt;os user&gt;</c> (whoever can run this has the database itself).
/// </summary>
internal static class UsersCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "the principal id (also the user name)" };
    private static readonly Option<bool> PasswordStdin = new("--password-stdin") { Description = "read the password from the first line of standard input" };

    public static Command Build()
    {
        var users = new Command("users", "Accounts: sign-in, second factor, sessions, memberships and API tokens.");
        users.Subcommands.Add(ListCommand());
        users.Subcommands.Add(AddCommand());
        users.Subcommands.Add(PasswdCommand());
        users.Subcommands.Add(Simple("disable", "Disable: ends every session and revokes every API token at once.", AuditTypes.AccountDisabled,
            async (accounts, db, id, ct) => await accounts.SetDisabledAsync(id, true, ct) ? "disabled; sessions ended, tokens revoked" : null));
        users.Subcommands.Add(Simple("enable", "Enable a disabled principal again.", AuditTypes.AccountEnabled,
            async (accounts, db, id, ct) => await accounts.SetDisabledAsync(id, false, ct) ? "enabled" : null));
        users.Subcommands.Add(Simple("unlock", "Clear a lockout after failed sign-ins.", AuditTypes.AccountUnlocked,
            async (accounts, db, id, ct) =>
            {
                if (await accounts.FindAsync(id) is not { } a)
                {
                    return null;
                }
                await accounts.UnlockAsync(a);
                return "unlocked";
            }));
        users.Subcommands.Add(Simple("reset-mfa", "Remove the second factor; the user enrols a new one at next sign-in.", AuditTypes.MfaReset,
            async (accounts, db, id, ct) =>
            {
                if (await accounts.FindAsync(id) is not { } a)
                {
                    return null;
                }
                await accounts.ResetMfaAsync(a);
                await accounts.RevokeAllSessionsAsync(id, "second factor reset", ct);
                return "second factor removed; sessions ended";
            }));
        users.Subcommands.Add(Simple("end-sessions", "End every session of the account now.", AuditTypes.SessionRevoked,
            async (accounts, db, id, ct) => $"{await accounts.RevokeAllSessionsAsync(id, "ended by the operator", ct)} session(s) ended"));
        users.Subcommands.Add(MemberCommand());
        users.Subcommands.Add(LinkCommand());
        users.Subcommands.Add(TokenCommand());
        return users;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "Every principal with its sign-in state.") { CommonOptions.Format };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var principals = await db.Principals.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
            var accounts = await db.Users.AsNoTracking().ToDictionaryAsync(u => u.Id, ct);
            var rows = principals.Select(p =>
            {
                var a = accounts.GetValueOrDefault(p.Id);
                var state = p.Disabled ? "disabled" : a is null ? "no sign-in" : a.PasswordHash is null ? "demo" : a.LockoutEnd > TimeProvider.System.GetUtcNow() ? "locked" : "active";
                return new[] { p.Id, p.Name, p.Nationality ?? "", string.Join(" ", p.Roles), state, a?.TwoFactorEnabled == true ? "on" : "off" };
            }).ToList();
            if (parse.GetValue(CommonOptions.Format) == "json")
            {
                await Console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(
                    rows.Select(r => new { id = r[0], name = r[1], nationality = r[2], roles = r[3], state = r[4], mfa = r[5] })));
                return ExitCodes.Success;
            }
            var table = new Table().AddColumns("id", "name", "nationality", "roles", "state", "mfa");
            foreach (var r in rows)
            {
                table.AddRow([.. r.Select(Markup.Escape)]);
            }
            AnsiConsole.Write(table);
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command AddCommand()
    {
        var name = new Option<string?>("--name") { Description = "create the principal too, with this display name" };
        var nationality = new Option<string?>("--nationality") { Description = "ISO 3166-1 alpha-2 (with --name)" };
        var organization = new Option<string?>("--org") { Description = "organization id (with --name)" };
        var roles = new Option<string[]>("--role") { Description = $"a role (repeatable): {string.Join(", ", Roles.All)}", AllowMultipleArgumentsPerToken = true };
        var cui = new Option<bool>("--cui") { Description = "has CUI access (with --name)" };
        var federal = new Option<bool>("--federal") { Description = "U.S. federal employee (with --name)" };
        var command = new Command("add", "Give a principal a sign-in (password now, second factor at first sign-in).")
        {
            Id, PasswordStdin, name, nationality, organization, roles, cui, federal,
        };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var id = parse.GetValue(Id)!;
            if (parse.GetValue(name) is { } display)
            {
                var problems = new List<string>();
                if (!Values.IsId(id))
                {
                    problems.Add($"id: '{id}' {Values.IdRule}");
                }
                var nat = parse.GetValue(nationality);
                if (nat is not null && !Countries.IsAlpha2(nat.ToUpperInvariant()))
                {
                    problems.Add($"--nationality: '{nat}' is not an ISO 3166-1 alpha-2 country code");
                }
                var wanted = parse.GetValue(roles) ?? [];
                problems.AddRange(wanted.Where(r => !Roles.IsKnown(r)).Select(r => $"--role: '{r}' is not a role; use {string.Join(", ", Roles.All)}"));
                if (await db.Principals.AnyAsync(p => p.Id == id, ct))
                {
                    problems.Add($"id: principal '{id}' exists already; leave out --name to give it a sign-in");
                }
                if (problems.Count > 0)
                {
                    return await BadAsync(problems);
                }
                db.Principals.Add(new Principal
                {
                    Id = id,
                    Name = display,
                    Nationality = nat?.ToUpperInvariant(),
                    OrganizationId = parse.GetValue(organization),
                    Roles = [.. wanted],
                    CuiAccess = parse.GetValue(cui),
                    Federal = parse.GetValue(federal),
                });
                await db.SaveChangesAsync(ct);
            }
            if (await ReadPasswordAsync(parse) is not { } password)
            {
                return await BadAsync(["--password-stdin: give the password on standard input (e.g. from a password manager), never as an argument"]);
            }
            var accounts = sp.GetRequiredService<AccountService>();
            var refused = await accounts.CreateAsync(id, password, ct);
            if (refused.Count > 0)
            {
                return await BadAsync(refused.Select(r => "password: " + r));
            }
            await AuditAsync(sp, db, AuditTypes.AccountCreated, id, ct);
            await Console.Out.WriteLineAsync($"{id}: sign-in created; the second factor is set up at first sign-in");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command PasswdCommand()
    {
        var command = new Command("passwd", "Set a new password (read from standard input); ends the account's sessions.") { Id, PasswordStdin };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var id = parse.GetValue(Id)!;
            var accounts = sp.GetRequiredService<AccountService>();
            if (await accounts.FindAsync(id) is not { } account)
            {
                return await BadAsync([$"id: '{id}' has no sign-in (./musubi users add {id} --password-stdin)"]);
            }
            if (await ReadPasswordAsync(parse) is not { } password)
            {
                return await BadAsync(["--password-stdin: give the password on standard input"]);
            }
            var refused = await accounts.SetPasswordAsync(account, password);
            if (refused.Count > 0)
            {
                return await BadAsync(refused.Select(r => "password: " + r));
            }
            await accounts.RevokeAllSessionsAsync(id, "password changed", ct);
            await AuditAsync(sp, db, AuditTypes.PasswordChanged, id, ct);
            await Console.Out.WriteLineAsync($"{id}: password changed; sessions ended");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command MemberCommand()
    {
        var program = new Option<string>("--program") { Description = "program id", Required = true };
        var from = new Option<string?>("--from") { Description = "membership starts (yyyy-mm-dd, default today)" };
        var to = new Option<string?>("--to") { Description = "membership ends, exclusive (yyyy-mm-dd); on an existing open membership, ends it" };
        var command = new Command("member", "Add a dated program membership, or end one (--to); takes effect on the next request.") { Id, program, from, to };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var id = parse.GetValue(Id)!;
            var programId = parse.GetValue(program)!;
            var principal = await db.Principals.FirstOrDefaultAsync(p => p.Id == id, ct);
            var problems = new List<string>();
            if (principal is null)
            {
                problems.Add($"id: no principal '{id}'");
            }
            if (!await db.Programs.AnyAsync(p => p.Id == programId, ct))
            {
                problems.Add($"--program: no program '{programId}'");
            }
            var today = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);
            var start = Date(parse.GetValue(from), "--from", problems) ?? today;
            var end = Date(parse.GetValue(to), "--to", problems);
            if (problems.Count > 0 || principal is null)
            {
                return await BadAsync(problems);
            }
            var open = principal.Memberships.FirstOrDefault(m => m.Program == programId && m.To is null && parse.GetValue(from) is null);
            if (open is not null && end is { } closing)
            {
                if (closing <= open.From)
                {
                    return await BadAsync([$"--to: {closing:yyyy-MM-dd} is not after the membership's start {open.From:yyyy-MM-dd}"]);
                }
                open.To = closing;
            }
            else
            {
                if (end is { } e && e <= start)
                {
                    return await BadAsync([$"--to: {e:yyyy-MM-dd} is not after --from {start:yyyy-MM-dd}"]);
                }
                principal.Memberships.Add(new ProgramMembership { Program = programId, From = start, To = end });
            }
            // A new list instance, so the JSON column is written.
            principal.Memberships = [.. principal.Memberships];
            await db.SaveChangesAsync(ct);
            await AuditAsync(sp, db, AuditTypes.MembershipChanged, id, ct, $"{programId} {start:yyyy-MM-dd}..{end?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "open"}");
            await Console.Out.WriteLineAsync($"{id}: memberships now {string.Join(", ", principal.Memberships.Select(m => $"{m.Program} {m.From:yyyy-MM-dd}..{m.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? ""}"))}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command LinkCommand()
    {
        var subject = new Option<string>("--subject") { Description = "the OpenID Connect provider's 'sub' for this person", Required = true };
        var unlink = new Option<bool>("--remove") { Description = "remove the link instead" };
        var command = new Command("link", "Link (or unlink) an external OpenID Connect identity to the account.") { Id, subject, unlink };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var id = parse.GetValue(Id)!;
            var sub = parse.GetValue(subject)!.Trim();
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<UserAccount>>();
            if (await users.FindByIdAsync(id) is not { } account)
            {
                return await BadAsync([$"id: '{id}' has no sign-in (./musubi users add {id} --password-stdin)"]);
            }
            if (sub.Length is 0 or > 255)
            {
                return await BadAsync(["--subject: 1 to 255 characters"]);
            }
            var result = parse.GetValue(unlink)
                ? await users.RemoveLoginAsync(account, "oidc", sub)
                : await users.AddLoginAsync(account, new Microsoft.AspNetCore.Identity.UserLoginInfo("oidc", sub, "OpenID Connect"));
            if (!result.Succeeded)
            {
                return await BadAsync(result.Errors.Select(e => "--subject: " + e.Description));
            }
            await AuditAsync(sp, db, AuditTypes.MembershipChanged, id, ct, (parse.GetValue(unlink) ? "unlinked" : "linked") + " oidc subject " + sub);
            await Console.Out.WriteLineAsync($"{id}: {(parse.GetValue(unlink) ? "unlinked from" : "linked to")} OpenID Connect subject {sub}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command TokenCommand()
    {
        var name = new Option<string>("--name") { Description = "what uses the token", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = $"scope (repeatable): {string.Join(", ", TokenScopes.All)}", AllowMultipleArgumentsPerToken = true, Required = true };
        var days = new Option<int>("--days") { Description = "lifetime in days (1–90)", DefaultValueFactory = _ => 30 };
        var command = new Command("token", "Issue an API token for the account; prints it once.") { Id, name, scopes, days };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var id = parse.GetValue(Id)!;
            var accounts = sp.GetRequiredService<AccountService>();
            if (await accounts.FindAsync(id) is null)
            {
                return await BadAsync([$"id: '{id}' has no sign-in (./musubi users add {id} --password-stdin)"]);
            }
            var (token, secret, problems) = await accounts.CreateTokenAsync(id, parse.GetValue(name), parse.GetValue(scopes), TimeSpan.FromDays(parse.GetValue(days)), ct);
            if (token is null)
            {
                return await BadAsync(problems);
            }
            await AuditAsync(sp, db, AuditTypes.TokenCreated, id, ct, $"token {token.Id}: {string.Join(' ', token.Scopes)}");
            await Console.Out.WriteLineAsync(secret);
            await Console.Error.WriteLineAsync($"token {token.Id} for {id}, scopes {string.Join(", ", token.Scopes)}, expires {token.ExpiresAt:yyyy-MM-dd}; shown once");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Simple(string verb, string description, string auditType, Func<AccountService, AppDbContext, string, CancellationToken, Task<string?>> act)
    {
        var command = new Command(verb, description) { Id };
        command.SetAction(async (parse, ct) => await WithServicesAsync(parse, ct, async (sp, db) =>
        {
            var id = parse.GetValue(Id)!;
            var result = await act(sp.GetRequiredService<AccountService>(), db, id, ct);
            if (result is null)
            {
                return await BadAsync([$"id: no principal or sign-in '{id}'"]);
            }
            await AuditAsync(sp, db, auditType, id, ct, verb);
            await Console.Out.WriteLineAsync($"{id}: {result}");
            return ExitCodes.Success;
        }));
        return command;
    }

    private static DateOnly? Date(string? text, string field, List<string> problems)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
        {
            return d;
        }
        problems.Add($"{field}: '{text}' is not a date (yyyy-mm-dd)");
        return null;
    }

    private static async Task<string?> ReadPasswordAsync(ParseResult parse)
    {
        if (!parse.GetValue(PasswordStdin))
        {
            return null;
        }
        var line = await Console.In.ReadLineAsync();
        return string.IsNullOrEmpty(line) ? null : line;
    }

    private static async Task<int> BadAsync(IEnumerable<string> problems)
    {
        foreach (var p in problems)
        {
            await Console.Error.WriteLineAsync(p);
        }
        return ExitCodes.BadInput;
    }

    private static Task AuditAsync(IServiceProvider sp, AppDbContext db, string type, string id, CancellationToken ct, string? detail = null) =>
        sp.GetRequiredService<AuditLog>().AppendAsync(db, new AuditRecord(type, AuditOutcomes.Success, AuditTrail.CliPrincipal, "local", "principal " + id, detail), ct);

    /// <summary>Opens the database and the identity services over it (the same rules as the web app).</summary>
    private static async Task<int> WithServicesAsync(ParseResult parse, CancellationToken ct, Func<IServiceProvider, AppDbContext, Task<int>> body)
    {
        var target = DatabaseTarget.TryParse(parse.GetValue(CommonOptions.Db), out var error);
        if (target is null)
        {
            await Console.Error.WriteLineAsync($"--db: {error}");
            return ExitCodes.BadInput;
        }
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<AppDbContext>(o => target.Configure(o));
        services.AddMusubiIdentity();
        services.AddSingleton(AuditOptions.For(target));
        services.AddSingleton<AuditLog>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (await DatabaseSetup.EnsureReadyAsync(db, ct) is { } problem)
        {
            await Console.Error.WriteLineAsync(problem);
            return ExitCodes.Failure;
        }
        db.Scope = AccessScope.System;
        return await body(scope.ServiceProvider, db);
    }
}
