using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace RbIdp.AppHost;

/// <summary>What the API and the worker need: a database, Redis and object storage, however they are provided.</summary>
internal sealed record BackingServices(InfrastructureMode Mode, Action<IResourceBuilder<ProjectResource>> Attach);

internal static class BackingServicesExtensions
{
    private const string DatabaseName = "rbidp";
    private const string MinioImage = "minio/minio";
    private const string MinioTag = "RELEASE.2025-09-07T16-13-09Z";

    public static BackingServices AddBackingServices(this IDistributedApplicationBuilder builder)
    {
        var mode = ResolveMode(builder.Configuration);
        return mode == InfrastructureMode.Containers ? AddContainers(builder) : AddLocalProcesses(builder);
    }

    public static IResourceBuilder<ProjectResource> WithBackingServices(this IResourceBuilder<ProjectResource> project, BackingServices services)
    {
        services.Attach(project);
        project.WithEnvironment("OMP_THREAD_LIMIT", "1");

        // The local all-roles key (DOMAIN.md §6) reaches the services only when the AppHost was given one.
        var localKey = project.ApplicationBuilder.Configuration["RBIDP_API_KEY"];
        return string.IsNullOrEmpty(localKey) ? project : project.WithEnvironment("RBIDP_API_KEY", localKey);
    }

    private static InfrastructureMode ResolveMode(ConfigurationManager configuration)
    {
        var configured = configuration["RbIdp:Infrastructure"];
        if (!Enum.TryParse<InfrastructureMode>(configured ?? nameof(InfrastructureMode.Auto), ignoreCase: true, out var mode))
        {
            throw new InvalidOperationException($"RbIdp:Infrastructure must be Auto, Containers or Local, not '{configured}'.");
        }

        if (mode != InfrastructureMode.Auto)
        {
            Announce(mode, $"RbIdp:Infrastructure={mode}");
            return mode;
        }

        var (healthy, why) = ContainerRuntimeProbe.Check(configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? configuration["ASPIRE_CONTAINER_RUNTIME"]);
        mode = healthy ? InfrastructureMode.Containers : InfrastructureMode.Local;
        Announce(mode, why);
        return mode;
    }

    private static void Announce(InfrastructureMode mode, string why) =>
        Console.WriteLine(mode == InfrastructureMode.Containers
            ? $"RbIdp infrastructure: containers (PostgreSQL, Redis, MinIO) because {why}."
            : $"RbIdp infrastructure: local processes (PostgreSQL, Redis, artifacts on local disk) because {why}.");

    private static BackingServices AddContainers(IDistributedApplicationBuilder builder)
    {
        var postgres = builder.AddPostgres("postgres").WithDataVolume();
        var database = postgres.AddDatabase(DatabaseName);
        var redis = builder.AddRedis("redis");

        var minioUser = builder.AddParameter("minio-user", secret: true);
        var minioPassword = builder.AddParameter("minio-password", secret: true);
        var minio = builder.AddContainer("minio", MinioImage, MinioTag)
            .WithArgs("server", "/data", "--console-address", ":9001")
            .WithEnvironment("MINIO_ROOT_USER", minioUser)
            .WithEnvironment("MINIO_ROOT_PASSWORD", minioPassword)
            .WithHttpEndpoint(targetPort: 9000, name: "api")
            .WithHttpEndpoint(targetPort: 9001, name: "console")
            .WithVolume("rbidp-minio-data", "/data")
            .WithHttpHealthCheck("/minio/health/live", endpointName: "api");
        var minioApi = minio.GetEndpoint("api");

        return new BackingServices(InfrastructureMode.Containers, project => project
            .WithReference(database).WaitFor(database)
            .WithReference(redis).WaitFor(redis)
            .WaitFor(minio)
            .WithEnvironment("ArtifactStore__Kind", "S3")
            .WithEnvironment("ArtifactStore__Endpoint", minioApi)
            .WithEnvironment("ArtifactStore__AccessKey", minioUser)
            .WithEnvironment("ArtifactStore__SecretKey", minioPassword)
            .WithEnvironment("ArtifactStore__Bucket", "rbidp-artifacts"));
    }

    private static BackingServices AddLocalProcesses(IDistributedApplicationBuilder builder)
    {
        var local = builder.Configuration.GetSection("RbIdp:Local");
        var dataDir = Path.GetFullPath(local["DataDir"] ?? Path.Combine(builder.AppHostDirectory, "..", ".data"));
        var postgresPort = local.GetValue("PostgresPort", 55432);
        var redisPort = local.GetValue("RedisPort", 56379);
        var script = Path.Combine(builder.AppHostDirectory, "local", "postgres.sh");

        var connectionString = $"Host=127.0.0.1;Port={postgresPort};Database={DatabaseName};Username=postgres";
        builder.Services.AddHealthChecks()
            .AddAsyncCheck("postgres-accepting", ct => PostgresAcceptsAsync(postgresPort, ct))
            .AddAsyncCheck("redis-pong", ct => RedisAnswersAsync(redisPort, ct));

        var postgres = builder.AddExecutable("postgres", "bash", builder.AppHostDirectory, script, Path.Combine(dataDir, "postgres"), postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WithEndpoint(name: "tcp", port: postgresPort, targetPort: postgresPort, scheme: "tcp", isProxied: false)
            .WithHealthCheck("postgres-accepting");
        builder.Eventing.Subscribe<ResourceReadyEvent>(postgres.Resource, (_, ct) => CreateDatabaseAsync(postgresPort, ct));

        var redis = builder.AddExecutable("redis", "redis-server", builder.AppHostDirectory,
                "--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no")
            .WithEndpoint(name: "tcp", port: redisPort, targetPort: redisPort, scheme: "tcp", isProxied: false)
            .WithHealthCheck("redis-pong");

        var artifacts = Path.Combine(dataDir, "artifacts");
        var redisConnectionString = $"127.0.0.1:{redisPort}";
        return new BackingServices(InfrastructureMode.Local, project => project
            .WaitFor(postgres)
            .WaitFor(redis)
            .WithEnvironment("ConnectionStrings__" + DatabaseName, connectionString)
            .WithEnvironment("ConnectionStrings__redis", redisConnectionString)
            .WithEnvironment("ArtifactStore__Kind", "Disk")
            .WithEnvironment("ArtifactStore__RootPath", artifacts));
    }

    private static async Task<HealthCheckResult> PostgresAcceptsAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Pooling=false;Timeout=3");
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy($"PostgreSQL is not accepting connections on 127.0.0.1:{port}: {e.Message}");
        }
    }

    private static async Task CreateDatabaseAsync(int port, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Database=postgres;Username=postgres;Pooling=false;Timeout=5");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", DatabaseName);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<HealthCheckResult> RedisAnswersAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer, cancellationToken);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"Redis on 127.0.0.1:{port} did not answer PONG");
        }
        catch (SocketException e)
        {
            return HealthCheckResult.Unhealthy($"Redis is not listening on 127.0.0.1:{port}: {e.Message}");
        }
    }
}
