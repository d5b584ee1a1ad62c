using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Musubi.Core.Features.Transfers;
using Musubi.Engines.Transfers;

namespace Musubi.Web.Pages.Transfers;

/// <summary><c>/transfers/rules</c>: the rules browser — by jurisdiction and date, with effective dates, citations and conditions.</summary>
public sealed class RulesModel(TransferService service) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Jurisdiction { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    public RulesView? View { get; private set; }

    public Dictionary<string, string[]> Errors { get; } = new(StringComparer.Ordinal);

    public RuleSet Rules => service.Rules;

    public void OnGet()
    {
        View = service.ListRules(Jurisdiction, AsOf, Errors);
        if (View is null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
    }
}
