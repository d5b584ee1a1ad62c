using System.Net;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Identity;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests.Identity;

/// <summary>
/// The app as it runs outside demo mode — password, TOTP, server-side sessions — with a clock the tests move and
/// generous rate limits (the limits have their own tests).
/// </summary>
public partial class IdentityFactory : MusubiFactory
{
    public IdentityFactory() : base("sqlite")
    {
    }

    protected IdentityFactory(string provider) : base(provider)
    {
    }

    public const string Password = "violet anchor quietly orbits tuesday";

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hardening:SignInPermitsPerMinute", "100000");
        builder.UseSetting("Hardening:ApiPermitsPerMinute", "100000");
        builder.UseSetting("Hardening:AddressPermitsPerMinute", "100000");
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new MusubiHostOptions { Database = Database.Target, LoadDemo = true, DemoLogin = false });
            services.AddSingleton<TimeProvider>(Clock);
        });
    }

    /// <summary>A browser: keeps cookies, does not follow redirects.</summary>
    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Runs <paramref name="body"/> with the app's own services in a request-like scope.</summary>
    public async Task<T> WithServicesAsync<T>(Func<IServiceProvider, Task<T>> body)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AppDbContext>().Scope = AccessScope.System;
        return await body(scope.ServiceProvider);
    }

    /// <summary>Gives a demo principal a password sign-in (MFA not yet set up).</summary>
    public Task CreateAccountAsync(string id, string password = Password) => WithServicesAsync(async sp =>
    {
        var problems = await sp.GetRequiredService<AccountService>().CreateAsync(id, password);
        Assert.Empty(problems);
        return 0;
    });

    public static async Task<string> AntiforgeryAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        return TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException($"no antiforgery token on {path}");
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string path, Dictionary<string, string> fields, string? formPage = null)
    {
        var token = await AntiforgeryAsync(client, formPage ?? path.Split('?')[0]);
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Password step; returns the response (a redirect to the second factor, or the page again on failure).</summary>
    public static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string user, string password) =>
        PostFormAsync(client, "/login", new() { ["UserName"] = user, ["Password"] = password });

    /// <summary>Signs in all the way: password, then enrols TOTP (first time) or proves a code. Returns the TOTP key.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string user, string? key = null, string password = Password)
    {
        var step = await PasswordAsync(client, user, password);
        Assert.Equal(HttpStatusCode.Redirect, step.StatusCode);
        var next = step.Headers.Location!.OriginalString;
        if (next.StartsWith("/login/mfa-setup", StringComparison.Ordinal))
        {
            var html = await client.GetStringAsync(next);
            key = KeyText().Match(html).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
            var done = await PostFormAsync(client, next, new() { ["Code"] = Totp.Fresh(key) });
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
            Assert.Contains("recovery-codes", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            return key;
        }
        Assert.StartsWith("/login/mfa", next, StringComparison.Ordinal);
        var verified = await PostFormAsync(client, next, new() { ["Code"] = Totp.Fresh(key!) });
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        return key!;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("class=\"totp-key\">([a-z2-7 ]+)<")]
    private static partial Regex KeyText();
}

/// <summary>The same on PostgreSQL (SQLite again when no server is configured, outside ./test).</summary>
public sealed class PostgresIdentityFactory() : IdentityFactory(Musubi.Testing.TestDatabase.PostgresConnectionString is null ? "sqlite" : "postgres");

/// <summary>RFC 6238 TOTP (HMAC-SHA1, 30-second steps, 6 digits), written from the RFC to check the server's.</summary>
public static class Totp
{
    public static string Now(string base32Key) => At(base32Key, TimeProvider.System.GetUtcNow());

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> LastStep = new(StringComparer.Ordinal);

    /// <summary>
    /// A code the server has not accepted yet: the server refuses a replayed code, and accepts the steps up to 60 s
    /// either side of now, so a sign-in within the same 30 s as the last one uses the next step.
    /// </summary>
    /// <summary>The code <see cref="Fresh"/> last handed out for this key (already accepted by the server).</summary>
    public static string LastUsed(string base32Key) => Code(Base32(base32Key), LastStep[base32Key], 6);

    public static string Fresh(string base32Key)
    {
        var step = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds() / 30;
        var used = LastStep.AddOrUpdate(base32Key, step, (_, last) => Math.Max(step, last + 1));
        return Code(Base32(base32Key), used, 6);
    }

    public static string At(string base32Key, DateTimeOffset time) => Code(Base32(base32Key), time.ToUnixTimeSeconds() / 30, 6);

    public static string Code(byte[] key, long counter, int digits)
    {
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }
        var hash = HMACSHA1.HashData(key, message);
        var offset = hash[^1] & 0x0f;
        var binary = ((hash[offset] & 0x7f) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        var mod = (int)Math.Pow(10, digits);
        return (binary % mod).ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(digits, '0');
    }

    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in text.TrimEnd('='))
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }
        return [.. output];
    }
}
