namespace Musubi.Testing;

/// <summary>
/// A fact that is skipped, with the reason in the results, when no PostgreSQL server is configured, so that a run
/// without one says that the PostgreSQL suite did not run instead of passing quietly.
/// </summary>
public sealed class PostgresFactAttribute : Xunit.FactAttribute
{
    public PostgresFactAttribute()
    {
        if (TestDatabase.PostgresConnectionString is null)
        {
            Skip = $"{TestDatabase.PostgresVariable} is not set: the PostgreSQL data-access tests did not run (./test starts a server and sets it)";
        }
    }
}
