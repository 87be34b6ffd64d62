using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;
using RbIdp.Tests.Api;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Worker;

/// <summary>
/// The real worker in-process (Hangfire server, dashboard, jobs) on the same database, Redis and bucket as an
/// <see cref="ApiFactory"/>: short retry delays, loopback webhooks allowed and a signing secret for client-a.
/// </summary>
public sealed class WorkerFactory(string connectionString, RedisServer redis, S3Server s3, IDictionary<string, string?>? settings = null)
    : WebApplicationFactory<RbIdp.Worker.Jobs.ProcessDocumentJob>
{
    /// <summary>client-a's Standard Webhooks secret (whsec_ + base64 of 32 bytes).</summary>
    public const string WebhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw9vQ7BzV6cTQ=";

    /// <summary>The worker's warnings and errors (<see cref="TestLogs.WriteTo"/> shows them in a test's output).</summary>
    public TestLogs Logs { get; } = new("worker");

    /// <summary>What the API and the worker share about webhooks: the secret and the loopback allow-list.</summary>
    public static IReadOnlyDictionary<string, string?> WebhookSettings { get; } = new Dictionary<string, string?>
    {
        ["Webhooks:Secrets:client-a"] = WebhookSecret,
        ["Webhooks:AllowedHosts:0"] = "127.0.0.1",
    };

    /// <summary>The API with the worker's webhook settings (the secret is checked at submission).</summary>
    public static ApiFactory CreateApi(string connectionString, RedisServer redis, S3Server s3, IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(WebhookSettings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new ApiFactory(connectionString, redis, s3, all);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        builder.UseSetting("ConnectionStrings:rbidp", connectionString);
        builder.UseSetting("ConnectionStrings:redis", redis.ConnectionString);
        builder.UseSetting("ArtifactStore:Kind", "S3");
        builder.UseSetting("ArtifactStore:Endpoint", s3.Endpoint.ToString());
        builder.UseSetting("ArtifactStore:AccessKey", S3Server.AccessKey);
        builder.UseSetting("ArtifactStore:SecretKey", S3Server.SecretKey);
        builder.UseSetting("ArtifactStore:Bucket", ApiFactory.Bucket);
        builder.UseSetting("ArtifactStore:RequestTimeout", "00:00:05");
        builder.UseSetting("RBIDP_API_KEY", ApiFactory.AdminKey);
        builder.UseSetting("Worker:Retry:DelaysSeconds:0", "1");
        builder.UseSetting("Worker:Retry:DelaysSeconds:1", "2");
        builder.UseSetting("Worker:SchedulePollingInterval", "00:00:01");
        foreach (var (key, value) in WebhookSettings)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Starts the host (the Hangfire servers begin fetching jobs).</summary>
    public void Start() => _ = Services;
}
