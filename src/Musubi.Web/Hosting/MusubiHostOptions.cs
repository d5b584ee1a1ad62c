using Musubi.Core.Data;

namespace Musubi.Web.Hosting;

/// <summary>How <c>./musubi serve</c> (or the test host) starts the web app.</summary>
public sealed record MusubiHostOptions
{
    public required DatabaseTarget Database { get; init; }
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    /// <summary>Load the demo dataset when the database is empty.</summary>
    public bool LoadDemo { get; init; } = true;
    /// <summary>Offer the demo login page and the <c>Authorization: Demo &lt;principal&gt;</c> header.</summary>
    public bool DemoLogin { get; init; } = true;
    public string[] Args { get; init; } = [];
}
