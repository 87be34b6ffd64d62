namespace RbIdp.Tests.Infrastructure;

/// <summary>PostgreSQL, Redis and s3rver started together outside a test run (the benches), and stopped together.</summary>
public sealed class LocalServers : IAsyncDisposable
{
    private LocalServers()
    {
    }

    public PostgresServer Postgres { get; } = new();

    public RedisServer Redis { get; } = new();

    public S3Server S3 { get; } = new();

    public static async Task<LocalServers> StartAsync()
    {
        var servers = new LocalServers();
        try
        {
            await servers.Postgres.InitializeAsync();
            await servers.Redis.InitializeAsync();
            await servers.S3.InitializeAsync();
            return servers;
        }
        catch
        {
            await servers.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await S3.DisposeAsync();
        await Redis.DisposeAsync();
        await Postgres.DisposeAsync();
    }
}
