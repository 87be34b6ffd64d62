using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace RbIdp.Pipeline.Runs;

/// <summary>For <c>dotnet ef migrations add</c> only: the model needs no live database.</summary>
internal sealed class DesignTimeRunsDbContextFactory : IDesignTimeDbContextFactory<RunsDbContext>
{
    public RunsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RunsDbContext>()
            .UseNpgsql("Host=localhost;Database=rbidp_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
