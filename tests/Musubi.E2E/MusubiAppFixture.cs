using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Musubi.Core.Data;
using Musubi.Testing;
using Musubi.Web.Hosting;

namespace Musubi.E2E;

/// <summary>
/// The real app on Kestrel (a fresh SQLite file with the demo dataset, a free loopback port) and Debian's Chromium,
/// shared by every browser test. No browser is ever downloaded: <c>MUSUBI_CHROMIUM</c> or /usr/bin/chromium is used.
/// </summary>
public sealed partial class MusubiAppFixture : IAsyncLifetime
{
    // The database, its -wal and -shm, and the audit signing key the app writes beside it.
    private readonly TempDirectory _directory = new("musubi-e2e-");
    private WebApplication? _app;
    private IPlaywright? _playwright;

    public string BaseUrl { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var port = FreePort();
        var options = new MusubiHostOptions
        {
            Database = DatabaseTarget.Sqlite(Path.Combine(_directory.Path, "musubi.db")),
            Urls = $"http://127.0.0.1:{port}",
            DemoLogin = true,
            // The suite signs in more than the production limit of 10 times a minute from one address (a 429 would
            // leave the browser on the sign-in page); rate limiting is tested in Musubi.Web.Tests (RateLimitTests).
            Args = ["--Hardening:SignInPermitsPerMinute=100000", "--Hardening:AddressPermitsPerMinute=100000"],
        };
        _app = MusubiHost.Build(options);
        await _app.StartAsync(); // migrates and loads the demo dataset before the server listens
        BaseUrl = $"http://127.0.0.1:{port}";

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("MUSUBI_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser context (own cookies) that reads English until the user switches.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "en-US",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the login page as one of the seeded demo accounts.</summary>
    public static async Task SignInAsync(IPage page, string accountId)
    {
        await page.GotoAsync("/login");
        await page.Locator($"#account-{accountId}").CheckAsync();
        // The sign-in answers with a redirect; anything else (a 429, a validation page) is reported as what it is
        // instead of as a navigation to "/" that never comes.
        var response = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Sign in as the chosen demo account", Exact = true }).ClickAsync(),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath.StartsWith("/login", StringComparison.Ordinal));
        if (response.Status is < 300 or >= 400)
        {
            throw new InvalidOperationException($"signing in as {accountId} answered {response.Status} {response.StatusText}: {await response.TextAsync()}");
        }
        // Wait for the dashboard's address and for it to show who is signed in, and for no load state: in fresh-clone
        // CI runs the dashboard reached "networkidle" after this redirect but Playwright never reported 'load' within
        // 30 s (at 14dbb3c, waiting for 'load'; at 317866e, in WaitForURLAsync with WaitUntil = Commit, which waits
        // for a load state when the address already matches), although the page has one stylesheet and no scripts.
        // The URL assertion polls the address.
        await Assertions.Expect(page).ToHaveURLAsync(DashboardUrl());
        await Assertions.Expect(page.GetByTestId("user")).ToBeVisibleAsync();
    }

    /// <summary>The dashboard, with or without a query (<c>http://127.0.0.1:5000/</c>).</summary>
    [GeneratedRegex(@"^https?://[^/]+/(\?.*)?$")]
    private static partial Regex DashboardUrl();

    /// <summary>Saves a full-page screenshot under artifacts/screenshots/ at the repository root, for reviewers.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Musubi.slnx")))
            {
                return dir.FullName;
            }
        }
        return AppContext.BaseDirectory;
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<MusubiAppFixture>
{
    public const string Name = "browser";
}
