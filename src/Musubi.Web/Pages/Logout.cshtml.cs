using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Web.Auth;

namespace Musubi.Web.Pages;

/// <summary>Signing out ends every session of the account on the server, not just this browser's cookie.</summary>
public sealed class LogoutModel(SignInFlow flow) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await flow.SignOutAsync(ct);
        return LocalRedirect("/");
    }
}
