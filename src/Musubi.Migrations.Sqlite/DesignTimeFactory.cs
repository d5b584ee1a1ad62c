using Microsoft.EntityFrameworkCore.Design;
using Musubi.Core.Data;

namespace Musubi.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for Sqlite without a running host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) => DatabaseTarget.Sqlite(Path.Combine(Path.GetTempPath(), "musubi-design.db")).CreateContext(TimeProvider.System);
}
