namespace Musubi.Web.Pages;

/// <summary>
/// Names the UI's one string table: <c>Resources/Pages/UiText.resx</c> (English) and <c>UiText.ja.resx</c> (Japanese).
/// Every page, partial and page model asks <c>IStringLocalizer&lt;UiText&gt;</c>, so a term is translated once.
/// </summary>
public sealed class UiText;
