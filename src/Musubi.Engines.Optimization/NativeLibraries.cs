using System.Reflection;
using System.Runtime.InteropServices;

namespace Musubi.Engines.Optimization;

/// <summary>
/// The native solver libraries this engine calls directly, as shipped inside Google OR-Tools' runtime package beside
/// <c>libortools</c> (the same builds OR-Tools itself links): HiGHS (<see cref="HighsMip"/>) and COIN-OR CLP
/// (<see cref="ClpLp"/>). One resolver for the assembly (.NET allows one), mapping each logical name to the file names
/// the package uses on each platform.
/// </summary>
internal static class NativeLibraries
{
    public const string Highs = "highs";
    public const string Clp = "clp";

    private static readonly Lock Gate = new();
    private static bool registered;

    public static void Register()
    {
        lock (Gate)
        {
            if (!registered)
            {
                NativeLibrary.SetDllImportResolver(typeof(NativeLibraries).Assembly, Resolve);
                registered = true;
            }
        }
    }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? path)
    {
        string[] candidates = name switch
        {
            Highs => ["libhighs.so.1", "libhighs.1.dylib", "highs.dll", "libhighs.so", "libhighs"],
            Clp => ["libClp.so.1", "libClp.1.dylib", "Clp.dll", "libClp.so", "libClp"],
            _ => [],
        };
        foreach (var candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, path, out var loaded))
            {
                return loaded;
            }
        }
        return IntPtr.Zero;
    }
}
