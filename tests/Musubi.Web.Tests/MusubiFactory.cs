using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Musubi.Testing;
using Musubi.Web.Hosting;

namespace Musubi.Web.Tests;

/// <summary>
/// The real web app over a real database (a fresh SQLite file, or PostgreSQL when asked) with the demo dataset, as
/// <c>./musubi serve</c> would start it.
/// </summary>
public class MusubiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly string _provider;
    private TestDatabase? _database;

    public MusubiFactory() : this("sqlite")
    {
    }

    protected MusubiFactory(string provider) => _provider = provider;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync(_provider);

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
            services.AddSingleton(new MusubiHostOptions { Database = Database.Target, LoadDemo = true, DemoLogin = true }));

    /// <summary>A client acting as a demo account (<c>Authorization: Demo id</c>), or anonymous when <paramref name="principal"/> is null.</summary>
    public HttpClient ClientAs(string? principal)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (principal is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Demo", principal);
        }
        return client;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

/// <summary>The same app on PostgreSQL; its tests are skipped (and say so) when no server is configured.</summary>
public sealed class PostgresMusubiFactory() : MusubiFactory(TestDatabase.PostgresConnectionString is null ? "sqlite" : "postgres");
