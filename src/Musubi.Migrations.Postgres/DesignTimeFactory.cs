using Microsoft.EntityFrameworkCore.Design;
using Musubi.Core.Data;

namespace Musubi.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for Postgres without a running host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) => new DatabaseTarget(DatabaseProvider.Postgres, "Host=127.0.0.1;Database=musubi_design;Username=postgres").CreateContext(TimeProvider.System);
}
