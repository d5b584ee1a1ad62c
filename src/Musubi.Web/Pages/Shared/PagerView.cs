namespace Musubi.Web.Pages.Shared;

/// <summary>The pager a list shows under its table (<c>_Pager</c>): this page, how many, and each page's address.</summary>
public sealed record PagerView(int PageNumber, int PageCount, Func<int, string> Link, string? TestId = null);
