namespace Musubi.Synthetic.Screening;

/// <summary>
/// A small, fast deterministic random source (SplitMix64): the same seed gives the same numbers on every platform
/// and .NET version, and creating one costs nothing, so every generated entry can have its own.
/// </summary>
internal sealed class Rng
{
    private ulong _state;

    public Rng(long seed) => _state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL) ^ 0xD1B54A32D192ED03UL;

    public Rng(int seed, int stream) : this(((long)seed << 32) ^ (uint)stream)
    {
    }

    private ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>A number in [0, <paramref name="n"/>).</summary>
    public int Next(int n) => n <= 1 ? 0 : (int)((NextUInt64() >> 33) % (ulong)n);

    /// <summary>A number in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>A number in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];
}
