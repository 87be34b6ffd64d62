using Hangfire;
using RbIdp.Pipeline.Runs;
using RbIdp.Pipeline.Runs.Hosting;

namespace RbIdp.Api.Infrastructure;

/// <summary>
/// <c>dotnet RbIdp.Api.dll migrate</c>: applies the schema migrations and exits — 0 when the schema is up to date
/// (a second run applies nothing), 1 with the reason logged when it cannot be. Needs only
/// <c>ConnectionStrings:rbidp</c> (and the optional <c>Database</c> section): the one owner of the schema in a
/// deployment, run as a Kubernetes Job before the API and the worker take traffic.
/// </summary>
public static partial class MigrateCommand
{
    public const string Verb = "migrate";

    public static bool IsRequested(string[] args) => args is [Verb, ..];

    public static async Task<int> RunAsync(string[] args)
    {
        // The environment as the web host reads it (ASPNETCORE_ENVIRONMENT first), so the job logs like the API does.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args[1..],
            EnvironmentName = Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT"),
        });
        builder.ConfigureOpenTelemetry();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName).ValidateDataAnnotations();
        builder.Services.AddSingleton<SchemaMigrator>();

        using var host = TryBuild(builder, out var configurationError);
        if (host is null)
        {
            await Console.Error.WriteLineAsync($"Schema migration failed: {configurationError}");
            return 1;
        }

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(MigrateCommand).FullName!);
        using var stop = new CancellationTokenSource();
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stop.Cancel();
        });
        try
        {
            var applied = await host.Services.GetRequiredService<SchemaMigrator>().MigrateAsync(stop.Token);
            LogDone(logger, applied.Count);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, e, e.GetType().Name, e.Message);
            return 1;
        }
    }

    /// <summary>The host, or null with the reason when the configuration is incomplete (no connection string).</summary>
    private static IHost? TryBuild(HostApplicationBuilder builder, out string error)
    {
        try
        {
            var connectionString = builder.AddRunsDatabase();
            builder.Services.AddHangfire(configuration => configuration.UseRunQueueStorage(connectionString));
            error = "";
            return builder.Build();
        }
        catch (InvalidOperationException e)
        {
            error = e.Message;
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema migration done: {Count} migration(s) applied")]
    private static partial void LogDone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Schema migration failed ({ErrorType}): {Error}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string errorType, string error);
}
