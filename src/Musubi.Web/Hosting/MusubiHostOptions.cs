using Musubi.Core.Data;

namespace Musubi.Web.Hosting;

/// <summary>How <c>./musubi serve</c> (or the test host) starts the web app.</summary>
public sealed record MusubiHostOptions
{
    public required DatabaseTarget Database { get; init; }
    public string Urls { get; init; } = "http://127.0.0.1:5080";
    /// <summary>Load the demo dataset when the database is empty.</summary>
    public bool LoadDemo { get; init; } = true;
    /// <summary>
    /// Demo mode: one-click demo accounts on the sign-in page and the <c>Authorization: Demo &lt;principal&gt;</c> header,
    /// with no second factor required. Off unless asked for (<c>./musubi serve --demo</c>).
    /// </summary>
    public bool DemoLogin { get; init; }

    /// <summary>External OpenID Connect sign-in; off unless configured (<c>Musubi:Oidc</c> settings or <c>Musubi__Oidc__*</c> variables).</summary>
    public Musubi.Web.Auth.OidcOptions Oidc { get; init; } = new();

    /// <summary>Sign-in, session and token limits.</summary>
    public Musubi.Core.Features.Identity.SecurityOptions Security { get; init; } = new();
    public string[] Args { get; init; } = [];
}
