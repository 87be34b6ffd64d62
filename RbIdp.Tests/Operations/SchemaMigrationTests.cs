using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using RbIdp.Api.Infrastructure;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Operations;

/// <summary>
/// The schema has one owner in a deployment: <c>dotnet RbIdp.Api.dll migrate</c>, run once as a job, applies the
/// migrations and exits; an API that does not migrate at start (<c>Database:MigrateAtStart=false</c>) is not ready
/// until the job has run.
/// </summary>
[Collection(UsesServices.Name)]
public sealed class SchemaMigrationTests(PostgresServer postgres, RedisServer redis, S3Server s3)
{
    [Fact]
    public async Task The_migrate_command_applies_every_migration_and_a_second_run_applies_none()
    {
        var database = await postgres.CreateDatabaseAsync();

        var first = await MigrateAsync(new() { ["ConnectionStrings__rbidp"] = database });
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"{KnownMigrations().Count} migration(s) applied", first.Output, StringComparison.Ordinal);

        Assert.Equal(KnownMigrations(), await QueryAsync(database, """SELECT migration_id FROM "__EFMigrationsHistory" ORDER BY migration_id"""));
        var tables = await QueryAsync(database, "SELECT table_schema || '.' || table_name FROM information_schema.tables");
        Assert.Contains("public.runs", tables);
        Assert.Contains("public.webhook_deliveries", tables);
        Assert.Contains("hangfire.job", tables);

        var second = await MigrateAsync(new() { ["ConnectionStrings__rbidp"] = database });
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("0 migration(s) applied", second.Output, StringComparison.Ordinal);
        Assert.Equal(KnownMigrations(), await QueryAsync(database, """SELECT migration_id FROM "__EFMigrationsHistory" ORDER BY migration_id"""));
    }

    [Fact]
    public async Task The_migrate_command_fails_with_a_reason_when_there_is_no_database_to_migrate()
    {
        var unconfigured = await MigrateAsync([]);
        Assert.Equal(1, unconfigured.ExitCode);
        Assert.Contains("ConnectionStrings:rbidp is not configured", unconfigured.Output, StringComparison.Ordinal);

        var unreachable = await MigrateAsync(new()
        {
            ["ConnectionStrings__rbidp"] = $"Host=127.0.0.1;Port={LocalServer.FreePort()};Database=rbidp;Username=rbidp;Timeout=2",
            ["Database__WaitForDatabase"] = "00:00:03",
        });
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("Schema migration failed", unreachable.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_that_does_not_migrate_at_start_is_not_ready_until_the_schema_is_migrated()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var api = new ApiFactory(database, redis, s3, new Dictionary<string, string?> { ["Database:MigrateAtStart"] = "false" });
        using var client = api.CreateClient();

        using var before = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        var problem = JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(["schema"], problem.GetProperty("failed_dependencies").EnumerateArray().Select(e => e.GetString()));
        Assert.Empty(await QueryAsync(database, "SELECT table_name FROM information_schema.tables WHERE table_name = 'runs'"));

        var migrated = await MigrateAsync(new() { ["ConnectionStrings__rbidp"] = database });
        Assert.True(migrated.ExitCode == 0, migrated.Output);

        using var after = await client.GetAsync("/ready");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        // Asking an unmigrated database for its history is not an error in the API's log (the health check's own
        // report of an unhealthy dependency is).
        Assert.DoesNotContain(api.Logs.Errors, e => !e.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal));
    }

    [Fact]
    public void Database_options_refuse_a_wait_outside_their_range()
    {
        var options = new DatabaseOptions { WaitForDatabase = TimeSpan.FromHours(1) };
        var errors = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        Assert.False(System.ComponentModel.DataAnnotations.Validator.TryValidateObject(
            options, new System.ComponentModel.DataAnnotations.ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.MemberNames.Contains(nameof(DatabaseOptions.WaitForDatabase)));
    }

    /// <summary>The migrations this build knows, in order.</summary>
    private static List<string> KnownMigrations()
    {
        using var db = new RunsDbContext(new DbContextOptionsBuilder<RunsDbContext>().UseNpgsql("Host=unused").UseSnakeCaseNamingConvention().Options);
        return [.. db.Database.GetMigrations().Order(StringComparer.Ordinal)];
    }

    /// <summary><c>dotnet RbIdp.Api.dll migrate</c> (the build next to these tests) with only the given environment.</summary>
    private static async Task<(int ExitCode, string Output)> MigrateAsync(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RbIdp.Api.dll"));
        info.ArgumentList.Add(MigrateCommand.Verb);
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Database__", StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the migrate command.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (process.ExitCode, await stdout + await stderr);
    }

    private static async Task<List<string>> QueryAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
