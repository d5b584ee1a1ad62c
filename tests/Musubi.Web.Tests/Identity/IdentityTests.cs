using System.Net;
using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Identity;
using Musubi.Testing;

namespace Musubi.Web.Tests.Identity;

/// <summary>
/// Sign-in as it runs outside demo mode: password, enforced TOTP, lockout, server-side sessions with idle and absolute
/// limits, sign-out and disabling that end every session, scoped API tokens, and dated memberships taking effect at once.
/// Each test uses its own demo principal so that they do not share accounts.
/// </summary>
public abstract class IdentityTestsBase<TFactory>(TFactory app) where TFactory : IdentityFactory
{
    [Fact]
    public async Task FirstSignIn_RequiresEnrollingTotp_ThenACodeEachTime_AndEachSignInIsANewSession()
    {
        await app.CreateAccountAsync("us-analyst");
        var browser = app.Browser();
        var first = await IdentityFactory.PasswordAsync(browser, "us-analyst", IdentityFactory.Password);
        Assert.Equal("/login/mfa-setup", first.Headers.Location!.OriginalString);
        // Not signed in before enrolment completes.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);

        var key = await IdentityFactory.SignInAsync(app.Browser(), "us-analyst");
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/login")).StatusCode);

        var second = app.Browser();
        var step = await IdentityFactory.PasswordAsync(second, "us-analyst", IdentityFactory.Password);
        Assert.Equal("/login/mfa", step.Headers.Location!.OriginalString);
        var wrong = await IdentityFactory.PostFormAsync(second, "/login/mfa", new() { ["Code"] = "000000" == Totp.LastUsed(key) ? "111111" : "000000" });
        // A code already used (the enrolment's) is refused even though it is still in its time window.
        var replayed = await IdentityFactory.PostFormAsync(second, "/login/mfa", new() { ["Code"] = Totp.LastUsed(key) });
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/account")).StatusCode);
        var right = await IdentityFactory.PostFormAsync(second, "/login/mfa", new() { ["Code"] = Totp.Fresh(key) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/account")).StatusCode);

        var sessions = await app.WithServicesAsync(sp => sp.GetRequiredService<AppDbContext>().Sessions.Where(s => s.AccountId == "us-analyst").ToListAsync());
        Assert.Equal(2, sessions.Count);
        Assert.Equal(2, sessions.Select(s => s.Id).Distinct().Count());
    }

    [Fact]
    public async Task ThreeFailuresWithin15Minutes_LockTheAccountFor15Minutes_WithTheSameMessage()
    {
        await app.CreateAccountAsync("us-bizdev");
        var key = await IdentityFactory.SignInAsync(app.Browser(), "us-bizdev");
        var browser = app.Browser();
        var wrongName = await (await IdentityFactory.PasswordAsync(browser, "nobody-here", "whatever whatever whatever")).Content.ReadAsStringAsync();
        for (var i = 0; i < 3; i++)
        {
            var failed = await IdentityFactory.PasswordAsync(browser, "us-bizdev", "not the password at all");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
        }
        // Locked: the right password is refused, with the very message a wrong name gets.
        var locked = await IdentityFactory.PasswordAsync(browser, "us-bizdev", IdentityFactory.Password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Equal(ErrorSummary(wrongName), ErrorSummary(await locked.Content.ReadAsStringAsync()));

        app.Clock.Advance(TimeSpan.FromMinutes(16));
        await IdentityFactory.SignInAsync(app.Browser(), "us-bizdev", key);
    }

    [Fact]
    public async Task FailuresSpreadOverMoreThanTheWindow_DoNotLock()
    {
        await app.CreateAccountAsync("gb-partner");
        var key = await IdentityFactory.SignInAsync(app.Browser(), "gb-partner");
        for (var i = 0; i < 4; i++)
        {
            await IdentityFactory.PasswordAsync(app.Browser(), "gb-partner", "not the password at all");
            app.Clock.Advance(TimeSpan.FromMinutes(8));
        }
        await IdentityFactory.SignInAsync(app.Browser(), "gb-partner", key);
    }

    [Fact]
    public async Task Sessions_EndAfter15IdleMinutes_AndAfter12HoursHoweverActive()
    {
        await app.CreateAccountAsync("jp-bizdev");
        var browser = app.Browser();
        var key = await IdentityFactory.SignInAsync(browser, "jp-bizdev");
        app.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/account")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);
        // The server ended it: presenting the same cookie again does not revive it.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/account")).StatusCode);

        var busy = app.Browser();
        await IdentityFactory.SignInAsync(busy, "jp-bizdev", key);
        for (var minutes = 0; minutes < 12 * 60 - 10; minutes += 10)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/account")).StatusCode);
        }
        app.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Redirect, (await busy.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task SigningOut_EndsEverySessionOfTheAccount_AndDisablingEndsThemWithItsTokens()
    {
        await app.CreateAccountAsync("jp-compliance");
        var a = app.Browser();
        var key = await IdentityFactory.SignInAsync(a, "jp-compliance");
        var b = app.Browser();
        await IdentityFactory.SignInAsync(b, "jp-compliance", key);
        var signOut = await IdentityFactory.PostFormAsync(a, "/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await b.GetAsync("/account")).StatusCode);

        var c = app.Browser();
        await IdentityFactory.SignInAsync(c, "jp-compliance", key);
        var secret = await app.WithServicesAsync(async sp =>
            (await sp.GetRequiredService<AccountService>().CreateTokenAsync("jp-compliance", "ci", [TokenScopes.Read], TimeSpan.FromDays(7))).Secret!);
        var api = app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/organizations")).StatusCode);

        await app.WithServicesAsync(sp => sp.GetRequiredService<AccountService>().SetDisabledAsync("jp-compliance", true));
        Assert.Equal(HttpStatusCode.Redirect, (await c.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/organizations")).StatusCode);
        var again = await IdentityFactory.PasswordAsync(app.Browser(), "jp-compliance", IdentityFactory.Password);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode); // refused: the form again, no redirect onward
    }

    [Fact]
    public async Task ApiTokens_AreScoped_Expire_AreRevocable_AndStoredOnlyAsAHash()
    {
        await app.CreateAccountAsync("jp-atla");
        var (readOnly, readWrite, tokenId) = await app.WithServicesAsync(async sp =>
        {
            var accounts = sp.GetRequiredService<AccountService>();
            var r = await accounts.CreateTokenAsync("jp-atla", "reader", [TokenScopes.Read], TimeSpan.FromDays(1));
            var w = await accounts.CreateTokenAsync("jp-atla", "writer", [TokenScopes.Read, TokenScopes.Write], TimeSpan.FromDays(30));
            return (r.Secret!, w.Secret!, w.Token!.Id);
        });
        var stored = await app.WithServicesAsync(sp => sp.GetRequiredService<AppDbContext>().ApiTokens.AsNoTracking().ToListAsync());
        Assert.DoesNotContain(stored, t => readOnly.Contains(t.SecretHash, StringComparison.Ordinal) || readWrite.EndsWith(t.SecretHash, StringComparison.Ordinal));

        var reader = Client(readOnly);
        var org = await reader.GetAsync("/api/organizations/atla");
        Assert.Equal(HttpStatusCode.OK, org.StatusCode);
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/organizations/atla") { Content = new StringContent(await org.Content.ReadAsStringAsync(), System.Text.Encoding.UTF8, "application/json") };
        put.Headers.IfMatch.Add(org.Headers.ETag!);
        var denied = await reader.SendAsync(put);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("'write' scope", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Client(readOnly[..^2] + "xx").GetAsync("/api/organizations")).StatusCode);
        // Tokens are for the API: the pages (account, audit, admin) refuse them whatever their scopes.
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Client(readWrite).GetAsync("/account")).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/organizations")).StatusCode);

        var writer = Client(readWrite);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync("/api/organizations")).StatusCode);
        await app.WithServicesAsync(sp => sp.GetRequiredService<AccountService>().RevokeTokenAsync("jp-atla", tokenId));
        Assert.Equal(HttpStatusCode.Unauthorized, (await writer.GetAsync("/api/organizations")).StatusCode);
    }

    [Fact]
    public async Task DemoAccounts_AreOff_UnlessAskedFor()
    {
        var login = await app.Browser().GetStringAsync("/login");
        Assert.DoesNotContain("account-us-acq", login, StringComparison.Ordinal);
        Assert.Contains("cui-notice", login, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await IdentityFactory.PostFormAsync(app.Browser(), "/login?handler=Demo", new() { ["PrincipalId"] = "us-acq" }, "/login")).StatusCode);
        var header = app.CreateClient();
        header.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Demo", "us-acq");
        Assert.Equal(HttpStatusCode.Unauthorized, (await header.GetAsync("/api/organizations")).StatusCode);
    }

    [Fact]
    public async Task MembershipDates_DecideNeedToKnow_AndAChangeAppliesOnTheNextRequest()
    {
        // us-security holds no memberships; a need-to-know record of one program is invisible until one is added.
        await app.CreateAccountAsync("us-security");
        var key = await IdentityFactory.SignInAsync(app.Browser(), "us-security");
        var secret = await app.WithServicesAsync(async sp =>
            (await sp.GetRequiredService<AccountService>().CreateTokenAsync("us-security", "ntk", [TokenScopes.Read], TimeSpan.FromDays(60))).Secret!);
        var (program, record) = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var r = await db.Requirements.AsNoTracking().Where(x => x.Marking.NeedToKnow != null && !x.Marking.NoForn && !x.Marking.FedOnly).FirstAsync();
            return (r.Marking.NeedToKnow!, r.Id);
        });
        var client = Client(secret);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/requirements/{record}")).StatusCode);

        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        await SetMembershipAsync("us-security", program, today.AddDays(10), null); // starts later: still nothing
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/requirements/{record}")).StatusCode);
        await SetMembershipAsync("us-security", program, today.AddDays(-30), today.AddDays(1)); // active today
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/requirements/{record}")).StatusCode);
        app.Clock.Advance(TimeSpan.FromDays(2)); // and over once it ends
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/requirements/{record}")).StatusCode);
        Assert.NotNull(key);
    }

    [Fact]
    public async Task AccountAdministration_NeitherSelfNorUp_AndEachActionIsAudited()
    {
        await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Principals.Add(new Principal { Id = "sec-officer-2", Name = "Second security officer", Nationality = "US", Roles = [Roles.SecurityOfficer] });
            await db.SaveChangesAsync();
            return 0;
        });
        await app.CreateAccountAsync("sec-officer-2");
        var officer = app.Browser();
        await IdentityFactory.SignInAsync(officer, "sec-officer-2");

        // Not on an administrator, not on oneself: refused (to /denied) and nothing changes.
        foreach (var target in new[] { "admin", "sec-officer-2" })
        {
            var refused = await IdentityFactory.PostFormAsync(officer, "/admin/accounts?handler=Disable", new() { ["id"] = target }, "/admin/accounts");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.StartsWith("/denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }
        // On a contributor: done, and audited with the action.
        var done = await IdentityFactory.PostFormAsync(officer, "/admin/accounts?handler=Disable", new() { ["id"] = "jp-bizdev" }, "/admin/accounts");
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal("/admin/accounts", done.Headers.Location!.OriginalString);
        var (adminDisabled, bizdevDisabled, audited) = await app.WithServicesAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var events = await db.AuditEvents.AsNoTracking().Where(e => e.PrincipalId == "sec-officer-2").ToListAsync();
            return ((await db.Principals.FirstAsync(p => p.Id == "admin")).Disabled,
                (await db.Principals.FirstAsync(p => p.Id == "jp-bizdev")).Disabled,
                events.Select(e => (e.Type, e.Outcome, e.Object)).ToList());
        });
        Assert.False(adminDisabled);
        Assert.True(bizdevDisabled);
        Assert.Contains(("admin.account_disabled", "success", "principal jp-bizdev"), audited);
        Assert.Contains(("access.denied", "denied", "principal admin"), audited);
        await app.WithServicesAsync(sp => sp.GetRequiredService<AccountService>().SetDisabledAsync("jp-bizdev", false));
    }

    private Task SetMembershipAsync(string principal, string program, DateOnly from, DateOnly? to) => app.WithServicesAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        var p = await db.Principals.FirstAsync(x => x.Id == principal);
        p.Memberships = [new ProgramMembership { Program = program, From = from, To = to }];
        await db.SaveChangesAsync();
        return 0;
    });

    private HttpClient Client(string token)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string ErrorSummary(string html)
    {
        var start = html.IndexOf("error-summary", StringComparison.Ordinal);
        Assert.True(start >= 0, "no error summary on the page");
        return html[start..html.IndexOf("</div>", start, StringComparison.Ordinal)];
    }
}

[RunsLong(30)]
public sealed class IdentityTests(IdentityFactory app) : IdentityTestsBase<IdentityFactory>(app), IClassFixture<IdentityFactory>;

/// <summary>Every identity test again on PostgreSQL (Identity's tables, sessions and tokens on both databases).</summary>
[RunsLong(20)]
public sealed class PostgresIdentityTests(PostgresIdentityFactory app) : IdentityTestsBase<PostgresIdentityFactory>(app), IClassFixture<PostgresIdentityFactory>;
