using System.Globalization;
using System.Security.Claims;
using Musubi.Core.Features.Access;
using Musubi.Core.Features.Screening;

namespace Musubi.Web.Pages.Screening;

/// <summary>What the screening pages share: who may do what (the roles of docs/engines/screening.md), score formatting, thresholds from a form.</summary>
public static class ScreeningPages
{
    public static bool MayScreen(ClaimsPrincipal user) => Roles.Screeners.Any(user.IsInRole);

    public static bool MayManageLists(ClaimsPrincipal user) => Roles.ListManagers.Any(user.IsInRole);

    public static bool MayDecideDuplicates(ClaimsPrincipal user) => Roles.Writers.Any(user.IsInRole);

    public static string Score(double? score) => score?.ToString("0.000", CultureInfo.InvariantCulture) ?? "—";

    public static string Signed(double value) => value.ToString("+0.000;−0.000;0", CultureInfo.InvariantCulture);

    /// <summary>Parses an optional threshold field; a bad one is added to <paramref name="errors"/> under <paramref name="field"/>.</summary>
    public static double? Threshold(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        errors[field] = [$"'{text}' is not a number (a score between 0 and 1, e.g. 0.8)"];
        return null;
    }

    /// <summary>The options for the thresholds given, or null with the problem in <paramref name="errors"/>.</summary>
    public static Engines.Screening.ScreeningOptions? Options(string? match, string? review, Dictionary<string, string[]> errors)
    {
        var m = Threshold(match, "thresholdMatch", errors);
        var r = Threshold(review, "thresholdReview", errors);
        if (errors.Count > 0)
        {
            return null;
        }
        try
        {
            return ScreeningService.Options(m, r);
        }
        catch (ScreeningInputException ex)
        {
            foreach (var (field, messages) in ex.Errors)
            {
                errors[field] = [.. messages];
            }
            return null;
        }
    }
}
