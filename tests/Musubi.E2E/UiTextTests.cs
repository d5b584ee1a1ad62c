using System.Globalization;
using System.Resources;
using Musubi.Web.Hosting;

namespace Musubi.E2E;

public sealed class UiTextTests
{
    private static readonly ResourceManager Strings = new("Musubi.Web.Resources.Pages.UiText", typeof(MusubiHost).Assembly);

    [Fact]
    public void UiText_EveryEnglishString_HasJapanese()
    {
        var english = Keys(CultureInfo.InvariantCulture);
        var japanese = Keys(new CultureInfo("ja"));

        Assert.NotEmpty(english);
        Assert.Empty(english.Except(japanese, StringComparer.Ordinal));
        Assert.Empty(japanese.Except(english, StringComparer.Ordinal));
    }

    private static HashSet<string> Keys(CultureInfo culture)
    {
        var set = Strings.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"no UiText resources for '{culture.Name}'");
        return [.. set.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Key)];
    }
}
