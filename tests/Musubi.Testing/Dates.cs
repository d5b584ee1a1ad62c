namespace Musubi.Testing;

/// <summary>Readable test dates: <c>15.March(2026)</c>.</summary>
public static class Dates
{
    public static DateOnly March(this int day, int year) => new(year, 3, day);
    public static DateOnly May(this int day, int year) => new(year, 5, day);
    public static DateOnly December(this int day, int year) => new(year, 12, day);
}
