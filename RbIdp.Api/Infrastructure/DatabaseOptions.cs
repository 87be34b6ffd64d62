using System.ComponentModel.DataAnnotations;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// Section <c>Database</c>: who migrates the runs schema. <see cref="MigrateAtStart"/> (default true: local runs, the
/// AppHost, tests) has each API process migrate as it starts; a deployment sets it false and runs
/// <c>dotnet RbIdp.Api.dll migrate</c> once, as a job, before the new version takes traffic.
/// </summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public bool MigrateAtStart { get; init; } = true;

    /// <summary>How long migrating waits for PostgreSQL to accept connections before it gives up (default 2 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00", ErrorMessage = "Database:WaitForDatabase is between 0 and 30 minutes.")]
    public TimeSpan WaitForDatabase { get; init; } = TimeSpan.FromMinutes(2);
}
