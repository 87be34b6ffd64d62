using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RbIdp.Api.Submissions;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Api;

/// <summary>The real API in-process, on a fresh database of the test PostgreSQL, the test Redis and an S3 bucket.</summary>
/// <remarks><paramref name="services"/> changes the host's services after the API's own (e.g. an in-memory telemetry exporter).</remarks>
public sealed class ApiFactory(
    string connectionString, RedisServer redis, S3Server s3, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : WebApplicationFactory<SubmissionReader>
{
    public const string AdminKey = "test-admin-key";
    public const string ClientAKey = "client-a-key";
    public const string ClientBKey = "client-b-key";
    public const string ReviewerKey = "reviewer-key";
    public const string Bucket = "rbidp-artifacts";

    /// <summary>The API's warnings and errors (<see cref="TestLogs.WriteTo"/> shows them in a test's output).</summary>
    public TestLogs Logs { get; } = new("api");

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
        builder.UseSetting("ArtifactStore:Bucket", Bucket);
        builder.UseSetting("RBIDP_API_KEY", AdminKey);
        AddKey(builder, 0, "client-a", ClientAKey, "submitter");
        AddKey(builder, 1, "client-b", ClientBKey, "submitter");
        AddKey(builder, 2, "back-office", ReviewerKey, "reviewer");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        if (services is not null)
        {
            builder.ConfigureTestServices(services);
        }
    }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
    }

    private static void AddKey(IWebHostBuilder builder, int index, string clientId, string key, string role)
    {
        builder.UseSetting($"Auth:ApiKeys:{index}:ClientId", clientId);
        builder.UseSetting($"Auth:ApiKeys:{index}:KeySha256", RbIdp.Pipeline.Runs.Access.ApiKeyRegistry.Hash(key));
        builder.UseSetting($"Auth:ApiKeys:{index}:Roles:0", role);
    }
}
