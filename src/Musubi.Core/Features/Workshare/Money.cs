namespace Musubi.Core.Features.Workshare;

/// <summary>
/// Sums, differences and products of money and shares as the decimals they were written as (each double taken to its
/// 15 significant digits), so the ledger's $0.1 + $0.2 is $0.3 and a share of 0.4 is 0.1 below 0.5, not
/// 0.30000000000000004 and 0.09999999999999998. In doubles when a figure is beyond decimal's range (about 7.9·10²⁸),
/// where those digits no longer show.
/// </summary>
internal static class Money
{
    public static double Add(double a, double b)
    {
        try
        {
            return (double)((decimal)a + (decimal)b);
        }
        catch (OverflowException)
        {
            return a + b;
        }
    }

    public static double Subtract(double a, double b) => Add(a, -b);

    public static double Multiply(double a, double b)
    {
        try
        {
            return (double)((decimal)a * (decimal)b);
        }
        catch (OverflowException)
        {
            return a * b;
        }
    }
}
