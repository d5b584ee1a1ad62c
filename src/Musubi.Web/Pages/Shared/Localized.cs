using System.Globalization;
using Microsoft.Extensions.Localization;
using Musubi.Core;
using Musubi.Core.Features.Registry;

namespace Musubi.Web.Pages.Shared;

/// <summary>A name as shown, with the language it is written in (for the <c>lang</c> attribute).</summary>
public sealed record LocalName(string Text, string Lang);

/// <summary>How the UI writes names, codes, dates and numbers in the reader's language.</summary>
public static class Localized
{
    public static bool Japanese => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja";

    /// <summary>The Japanese name when the reader reads Japanese and there is one, else the English name.</summary>
    public static LocalName Name(string english, string? japanese) =>
        Japanese && !string.IsNullOrWhiteSpace(japanese) ? new LocalName(japanese, "ja") : new LocalName(english, "en");

    /// <summary>The label of an enum value as written in files (<c>co_development</c>), e.g. key <c>ProgramKind.co_development</c>.</summary>
    public static string EnumLabel(this IStringLocalizer<UiText> l, string type, string? snake)
    {
        if (string.IsNullOrWhiteSpace(snake))
        {
            return "—";
        }
        var text = l[type + "." + snake];
        return text.ResourceNotFound ? snake : text.Value;
    }

    public static string EnumLabel<T>(this IStringLocalizer<UiText> l, T value) where T : struct, System.Enum =>
        l.EnumLabel(typeof(T).Name, EnumText.ToSnake(value));

    /// <summary>The country's name in the reader's language (the UI's table, else ISO's English short name), e.g. 日本.</summary>
    public static string Country(this IStringLocalizer<UiText> l, string? alpha2)
    {
        if (string.IsNullOrWhiteSpace(alpha2))
        {
            return "—";
        }
        var text = l["Country." + alpha2];
        return text.ResourceNotFound ? Countries.NameOf(alpha2) : text.Value;
    }

    public static string YesNo(this IStringLocalizer<UiText> l, bool value) => value ? l["Common.Yes"] : l["Common.No"];

    /// <summary>Dates are ISO 8601 in both languages: unambiguous across the two calendars' habits.</summary>
    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";

    public static string Timestamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Number(decimal? value) => value?.ToString("#,0.##", CultureInfo.CurrentCulture) ?? "—";

    public static string Number(int? value) => value?.ToString("#,0", CultureInfo.CurrentCulture) ?? "—";

    public static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "—";

    public static string Percent(decimal? share) => share?.ToString("P0", CultureInfo.CurrentCulture) ?? "—";

    public static string Usd(decimal? amount) =>
        amount is { } a ? "US$" + a.ToString("#,0", CultureInfo.CurrentCulture) : "—";

    /// <summary>A citation is a link when it is a web address, else plain text.</summary>
    public static bool IsWebAddress(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
