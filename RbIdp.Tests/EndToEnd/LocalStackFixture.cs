using Aspire.Hosting;
using Aspire.Hosting.Testing;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.EndToEnd;

/// <summary>
/// The real AppHost in local mode (no containers): PostgreSQL and Redis as processes, artifacts on disk,
/// the API and the worker as projects. One app per test class; every wait is bounded.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    public const string ApiKey = "e2e-test-key";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(4);
    private readonly string _dataDir = LocalServer.CreateTempDirectory("rbidp-e2e");

    public DistributedApplication App { get; private set; } = null!;
    public int RedisPort { get; } = LocalServer.FreePort();
    public int PostgresPort { get; } = LocalServer.FreePort();
    public string ArtifactsDir => Path.Combine(_dataDir, "artifacts");

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.RbIdp_AppHost>(
            [
                "RbIdp:Infrastructure=Local",
                $"RbIdp:Local:DataDir={_dataDir}",
                $"RbIdp:Local:PostgresPort={PostgresPort}",
                $"RbIdp:Local:RedisPort={RedisPort}",
                $"RBIDP_API_KEY={ApiKey}",
            ]).WaitAsync(StartTimeout);
        App = await builder.BuildAsync().WaitAsync(StartTimeout);
        await App.StartAsync().WaitAsync(StartTimeout);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("api").WaitAsync(StartTimeout);
        await App.ResourceNotifications.WaitForResourceHealthyAsync("worker").WaitAsync(StartTimeout);
    }

    public HttpClient CreateClient(string resource, bool authenticated = true)
    {
        var client = App.CreateHttpClient(resource, "http");
        client.Timeout = TimeSpan.FromSeconds(60);
        if (authenticated)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        }

        return client;
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync().WaitAsync(TimeSpan.FromMinutes(1));
            await App.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromMinutes(1));
        }

        LocalServer.DeleteDirectory(_dataDir);
    }
}
