using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Runs.Storage;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Artifacts;

[Collection(UsesS3.Name)]
public sealed class S3ArtifactStoreTests(S3Server s3) : ArtifactStoreContract, IDisposable
{
    private readonly S3ArtifactStore _store = new(s3.StoreOptions("rbidp-artifacts"), NullLogger<S3ArtifactStore>.Instance);

    protected override IArtifactStore Store => _store;

    [Fact]
    public async Task Presigned_url_downloads_the_object_without_credentials()
    {
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Result);
        await Store.PutAsync(key, Utf8("{\"verdict\":\"rejected\"}"), "application/json", Timeout);

        var url = await Store.GetDownloadUrlAsync(key, TimeSpan.FromMinutes(5), Timeout);

        Assert.NotNull(url);
        Assert.Contains("X-Amz-Signature=", url.Query, StringComparison.Ordinal);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(15) };
        Assert.Equal("{\"verdict\":\"rejected\"}", await http.GetStringAsync(url, Timeout));
    }

    [Fact]
    public async Task A_missing_bucket_is_created_on_first_use()
    {
        var bucket = $"fresh-{Guid.NewGuid():N}"[..30];
        using var store = new S3ArtifactStore(s3.StoreOptions(bucket), NullLogger<S3ArtifactStore>.Instance);
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Ocr);

        await store.PutAsync(key, Utf8("{}"), "application/json", Timeout);

        using var other = new S3ArtifactStore(s3.StoreOptions(bucket), NullLogger<S3ArtifactStore>.Instance);
        Assert.Equal([key], await other.ListAsync("", Timeout));
    }

    [Fact]
    public async Task A_client_object_in_another_bucket_is_read_but_never_past_the_size_limit()
    {
        using var client = new S3ArtifactStore(s3.StoreOptions("client-docs"), NullLogger<S3ArtifactStore>.Instance);
        var key = $"2026/11/{Guid.NewGuid():N}.pdf";
        var document = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        await client.PutAsync(key, new MemoryStream(document), "application/pdf", Timeout);
        var path = new S3ObjectPath("client-docs", key);

        await using var whole = await Store.OpenClientObjectAsync(path, maxBytes: document.Length, Timeout);
        await using var capped = await Store.OpenClientObjectAsync(path, maxBytes: 1000, Timeout);

        Assert.Equal(document, await ReadAllAsync(whole));
        Assert.Equal(document[..1001], await ReadAllAsync(capped)); // one byte past the limit: enough to tell it is too large
    }

    [Fact]
    public async Task A_missing_client_object_or_bucket_reads_as_none()
    {
        using var client = new S3ArtifactStore(s3.StoreOptions("client-docs"), NullLogger<S3ArtifactStore>.Instance);
        await client.PutAsync("exists.pdf", Utf8("%PDF"), "application/pdf", Timeout);

        Assert.Null(await Store.OpenClientObjectAsync(new S3ObjectPath("client-docs", "missing.pdf"), 1000, Timeout));
        Assert.Null(await Store.OpenClientObjectAsync(new S3ObjectPath($"no-{Guid.NewGuid():N}"[..20], "exists.pdf"), 1000, Timeout));
    }

    [Fact]
    public async Task An_object_is_read_with_one_GET_and_no_HEAD_before_it()
    {
        using var requests = new RecordingHandler();
        using var store = new S3ArtifactStore(s3.StoreOptions("rbidp-artifacts"), NullLogger<S3ArtifactStore>.Instance, requests);
        var key = RunKey(Guid.NewGuid(), ArtifactKeys.Input);
        var document = Enumerable.Range(0, 200_000).Select(i => (byte)(i * 7)).ToArray();
        await store.PutAsync(key, new MemoryStream(document), "image/png", Timeout);
        requests.Methods.Clear();

        await using var read = await store.OpenReadAsync(key, Timeout);

        Assert.Equal(document, await ReadAllAsync(read));
        Assert.Equal([HttpMethod.Get], requests.Methods);
    }

    [Fact]
    public async Task A_client_object_whose_key_needs_escaping_is_read()
    {
        using var client = new S3ArtifactStore(s3.StoreOptions("client-docs"), NullLogger<S3ArtifactStore>.Instance);
        var key = $"2026/11/{Guid.NewGuid():N} скан №1 (копия)+50%.pdf".Replace(' ', '_');
        await client.PutAsync(key, Utf8("%PDF-1.7"), "application/pdf", Timeout);

        await using var read = await Store.OpenClientObjectAsync(new S3ObjectPath("client-docs", key), 1000, Timeout);

        Assert.Equal("%PDF-1.7"u8.ToArray(), await ReadAllAsync(read));
    }

    public void Dispose() => _store.Dispose();

    /// <summary>The methods of the requests the store sends, in order.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        public List<HttpMethod> Methods { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Methods)
            {
                Methods.Add(request.Method);
            }

            return base.SendAsync(request, cancellationToken);
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream? stream)
    {
        Assert.NotNull(stream);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>Takes its own S3 server down, so it cannot disturb the other S3 tests.</summary>
[CollectionDefinition(Name)]
public sealed class UsesDisposableS3 : ICollectionFixture<S3Server>
{
    public const string Name = "S3 outage";
}

[Collection(UsesDisposableS3.Name)]
public sealed class S3ArtifactStoreOutageTests(S3Server s3) : IDisposable
{
    private readonly S3ArtifactStore _store = new(s3.StoreOptions("rbidp-outage"), NullLogger<S3ArtifactStore>.Instance);
    private readonly CancellationToken _timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token;

    [Fact]
    public async Task Readiness_fails_while_the_server_is_down_and_recovers_after()
    {
        var check = new ArtifactStoreHealthCheck(_store);
        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(HealthChecks.Context(check), _timeout)).Status);

        await s3.StopAsync();
        try
        {
            var down = await check.CheckHealthAsync(HealthChecks.Context(check), _timeout);

            Assert.Equal(HealthStatus.Unhealthy, down.Status);
            Assert.IsType<TransientStorageException>(down.Exception);
        }
        finally
        {
            await s3.StartAsync();
        }

        Assert.Equal(HealthStatus.Healthy, (await check.CheckHealthAsync(HealthChecks.Context(check), _timeout)).Status);
    }

    [Fact]
    public async Task Operations_against_a_stopped_server_fail_as_transient()
    {
        var key = ArtifactKeys.ForRun(Guid.NewGuid(), DateTimeOffset.UnixEpoch, ArtifactKeys.Ocr);
        await _store.PutAsync(key, new MemoryStream([1, 2, 3]), "application/json", _timeout);

        await s3.StopAsync();
        try
        {
            await Assert.ThrowsAsync<TransientStorageException>(() => _store.OpenReadAsync(key, _timeout));
            await Assert.ThrowsAsync<TransientStorageException>(() => _store.PutAsync(key, new MemoryStream([4]), "application/json", _timeout));
            await Assert.ThrowsAsync<TransientStorageException>(() => _store.ListAsync("runs/", _timeout));
        }
        finally
        {
            await s3.StartAsync();
        }

        Assert.True(await _store.ExistsAsync(key, _timeout));
    }

    public void Dispose() => _store.Dispose();
}
