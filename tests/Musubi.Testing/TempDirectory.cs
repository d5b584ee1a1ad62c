namespace Musubi.Testing;

/// <summary>
/// A new, empty directory under the system's temporary folder, deleted with everything in it on <see cref="Dispose"/>.
/// A test puts its files here (<see cref="NewPath"/>, <see cref="NewDirectory"/>) and holds it with <c>using</c>, or a
/// test class or fixture owns one and disposes it: whatever lands beside the files is deleted too (a SQLite database's
/// <c>-wal</c>, <c>-shm</c> and <c>.audit-signing-key.pem</c>, an export's files), so a run leaves nothing behind.
/// </summary>
public sealed class TempDirectory : IDisposable
{
    private const int Attempts = 3;

    /// <summary>Creates the directory.</summary>
    /// <param name="prefix">The start of the directory's name (<c>musubi-cli-</c>), to tell whose it is while it exists.</param>
    public TempDirectory(string prefix = "musubi-test-")
    {
        Path = Directory.CreateTempSubdirectory(prefix).FullName;
    }

    /// <summary>The directory's full path.</summary>
    public string Path { get; }

    /// <summary>A path in the directory that nothing uses yet; no file is created.</summary>
    /// <param name="extension">The end of the file name, dot included (<c>.db</c>, <c>.json</c>), or empty.</param>
    /// <returns>The directory joined with a unique name ending in <paramref name="extension"/>.</returns>
    public string NewPath(string extension = "") => System.IO.Path.Combine(Path, Guid.NewGuid().ToString("N") + extension);

    /// <summary>Creates a new, empty subdirectory.</summary>
    /// <returns>Its full path.</returns>
    public string NewDirectory() => Directory.CreateDirectory(NewPath()).FullName;

    /// <summary>Deletes the directory and everything in it (see <see cref="Delete"/>).</summary>
    public void Dispose() => Delete(Path);

    /// <summary>
    /// Deletes a file, or a directory with everything in it, as well as it can: something already gone is fine, and
    /// something still in use (a file another process or a connection pool holds open, on systems that refuse to delete
    /// open files) is tried again a few times, then left rather than failing the test that used it.
    /// </summary>
    /// <param name="path">The file or directory to delete.</param>
    public static void Delete(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }
                else
                {
                    File.Delete(path);
                }
                return;
            }
            catch (DirectoryNotFoundException)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (attempt == Attempts)
                {
                    return;
                }
                Thread.Sleep(100 * attempt);
            }
        }
    }
}
