namespace RbIdp.Tests.Infrastructure;

/// <summary>
/// A throwaway Redis on a free loopback port without persistence, shared by the test classes of
/// <see cref="UsesRedis"/>. Use <see cref="ConnectionString"/> with StackExchange.Redis.
/// </summary>
public sealed class RedisServer : IAsyncLifetime
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);

    private string _server = "";
    private string _cli = "";
    private string _folder = "";

    public int Port { get; private set; }

    public bool IsRunning { get; private set; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public async Task InitializeAsync()
    {
        _server = LocalServer.RequireOnPath("redis-server", "redis-server");
        _cli = LocalServer.RequireOnPath("redis-cli", "redis-tools");
        _folder = LocalServer.CreateTempDirectory("redis");
        Port = LocalServer.FreePort();
        await StartAsync();
    }

    public async Task StartAsync()
    {
        await LocalServer.RunAsync(
            _server,
            ["--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no", "--daemonize", "yes",
             "--dir", _folder, "--pidfile", Path.Combine(_folder, "redis.pid"), "--logfile", Path.Combine(_folder, "redis.log")],
            CommandTimeout);
        IsRunning = true;
        await LocalServer.WaitForPortAsync(Port, TimeSpan.FromSeconds(10), ReadLog);
    }

    public async Task StopAsync()
    {
        await LocalServer.RunAsync(_cli, ["-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "shutdown", "nosave"], CommandTimeout);
        IsRunning = false;
        await LocalServer.WaitForPortClosedAsync(Port, TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (IsRunning)
            {
                await StopAsync();
            }
        }
        finally
        {
            LocalServer.DeleteDirectory(_folder);
        }
    }

    private string ReadLog()
    {
        var log = Path.Combine(_folder, "redis.log");
        return File.Exists(log) ? $"Redis log:{Environment.NewLine}{File.ReadAllText(log)}" : "";
    }
}

[CollectionDefinition(Name)]
public sealed class UsesRedis : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}
