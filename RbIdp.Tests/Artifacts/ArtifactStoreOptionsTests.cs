using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs.Storage;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Artifacts;

public sealed class ArtifactStoreOptionsTests
{
    private static ArtifactStoreOptions S3(string bucket = "rbidp-artifacts", string endpoint = "https://s3.example.internal:9000") => new()
    {
        Kind = ArtifactStoreKind.S3,
        Endpoint = new Uri(endpoint, UriKind.RelativeOrAbsolute),
        AccessKey = "key",
        SecretKey = "secret",
        Bucket = bucket,
    };

    private static ValidateOptionsResult Validate(ArtifactStoreOptions options) => new ArtifactStoreOptionsValidator().Validate(null, options);

    [Theory]
    [InlineData("rbidp-artifacts")]
    [InlineData("abc")]
    [InlineData("bank.documents.2026")]
    public void Valid_bucket_names_pass(string bucket)
    {
        Assert.True(Validate(S3(bucket)).Succeeded);
    }

    [Theory]
    [InlineData("Artifacts")]
    [InlineData("ab")]
    [InlineData("rbidp_artifacts")]
    [InlineData("-rbidp")]
    [InlineData("rbidp-")]
    [InlineData("rbidp..artifacts")]
    [InlineData("192.168.1.10")]
    [InlineData("xn--rbidp")]
    [InlineData("")]
    public void Invalid_bucket_names_are_refused_with_the_setting_named(string bucket)
    {
        var result = Validate(S3(bucket));

        Assert.True(result.Failed);
        Assert.Contains("ArtifactStore:Bucket", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("s3.example.internal:9000")]
    [InlineData("ftp://s3.example.internal")]
    [InlineData("https://s3.example.internal/bucket")]
    [InlineData("not a url")]
    public void Endpoints_that_are_not_a_service_root_url_are_refused(string endpoint)
    {
        var result = Validate(S3(endpoint: endpoint));

        Assert.True(result.Failed);
        Assert.Contains("ArtifactStore:Endpoint", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://s3.example.internal", true)]
    [InlineData("http://127.0.0.1:9000", false)]
    public void Tls_follows_the_endpoint_scheme(string endpoint, bool useSsl)
    {
        Assert.Equal(useSsl, S3(endpoint: endpoint).UseSsl);
    }

    [Fact]
    public void Disk_store_needs_a_root_path()
    {
        var result = Validate(new ArtifactStoreOptions { Kind = ArtifactStoreKind.Disk });

        Assert.Contains("ArtifactStore:RootPath", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_bucket_name_stops_the_host_at_start()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ArtifactStore:Kind"] = "S3",
            ["ArtifactStore:Endpoint"] = "http://127.0.0.1:9",
            ["ArtifactStore:AccessKey"] = "key",
            ["ArtifactStore:SecretKey"] = "secret",
            ["ArtifactStore:Bucket"] = "Bank_Artifacts",
        });
        builder.Services.AddArtifactStore(builder.Configuration);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync().WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("Bank_Artifacts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_disk_store_is_registered_with_a_ready_health_check()
    {
        var root = LocalServer.CreateTempDirectory("di");
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ArtifactStore:Kind"] = "Disk",
                ["ArtifactStore:RootPath"] = root,
            }).Build();
            await using var provider = new ServiceCollection().AddLogging().AddArtifactStore(configuration).BuildServiceProvider();

            var store = Assert.IsType<LocalDiskArtifactStore>(Assert.IsType<TracedArtifactStore>(provider.GetRequiredService<IArtifactStore>()).Inner);
            var report = await provider.GetRequiredService<HealthCheckService>()
                .CheckHealthAsync(r => r.Tags.Contains("ready")).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal(root, store.RootPath);
            Assert.Equal(HealthStatus.Healthy, report.Entries[ArtifactStoreHealthCheck.Name].Status);
        }
        finally
        {
            LocalServer.DeleteDirectory(root);
        }
    }
}
