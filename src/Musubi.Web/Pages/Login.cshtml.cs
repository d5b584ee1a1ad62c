using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Musubi.Core.Data;
using Musubi.Core.Features.Access;
using Musubi.Web.Auth;
using Musubi.Web.Hosting;
using Musubi.Web.Pages.Shared;

namespace Musubi.Web.Pages;

/// <summary>Demo sign-in: pick one of the seeded accounts. Real sign-in replaces this page; the access policy stays.</summary>
public sealed class LoginModel(AppDbContext db, MusubiHostOptions options, IStringLocalizer<UiText> l) : PageModel
{
    public sealed record Account(Principal Principal, LocalName? Organization, IReadOnlyList<LocalName> Programs);

    public bool DemoLogin => options.DemoLogin;

    public IReadOnlyList<Account> Accounts { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? PrincipalId { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!options.DemoLogin)
        {
            return NotFound();
        }
        var principal = string.IsNullOrWhiteSpace(PrincipalId)
            ? null
            : await db.Principals.AsNoTracking().FirstOrDefaultAsync(p => p.Id == PrincipalId, ct);
        if (principal is null)
        {
            ModelState.AddModelError(nameof(PrincipalId), l["Login.ChooseAccount"]);
            await LoadAsync(ct);
            return Page();
        }
        await HttpContext.SignInAsync(MusubiAuth.CookieScheme, MusubiAuth.ClaimsFor(principal, MusubiAuth.CookieScheme));
        return LocalRedirect(!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!options.DemoLogin)
        {
            return;
        }
        var principals = await db.Principals.AsNoTracking().OrderBy(p => p.Id).ToListAsync(ct);
        // Names of organizations and programs as an anonymous reader may see them; the rest show as their ids.
        var organizationIds = principals.Select(p => p.OrganizationId).OfType<string>().Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => organizationIds.Contains(o.Id))
            .ToDictionaryAsync(o => o.Id, o => Localized.Name(o.Name, o.NameJa), ct);
        var programs = await db.Programs.AsNoTracking().ToDictionaryAsync(p => p.Id, p => Localized.Name(p.Name, p.NameJa), ct);
        Accounts =
        [
            .. principals.Select(p => new Account(
                p,
                p.OrganizationId is { } org ? organizations.GetValueOrDefault(org, new LocalName(org, "en")) : null,
                [.. p.Memberships.Select(m => m.Program).Distinct().Select(id => programs.GetValueOrDefault(id, new LocalName(id, "en")))])),
        ];
        PrincipalId ??= HttpContext.User.PrincipalId() ?? Accounts.FirstOrDefault()?.Principal.Id;
    }
}
