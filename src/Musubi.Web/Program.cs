using Musubi.Core.Data;
using Musubi.Web.Hosting;

// Run directly (dotnet run) or through ./musubi serve, which calls MusubiHost the same way.
// The database is migrated (and the demo loaded when empty) by a hosted service as the host starts.
var target = DatabaseTarget.TryParse(Environment.GetEnvironmentVariable("MUSUBI_DB"), out var error)
    ?? throw new InvalidOperationException(error);
var options = new MusubiHostOptions { Database = target, Args = args };
var app = MusubiHost.Build(options);
await app.RunAsync();

/// <summary>Entry point, public for WebApplicationFactory.</summary>
public partial class Program;
