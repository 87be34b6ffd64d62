using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Artifacts;
using RbIdp.Pipeline.Documents;
using RbIdp.Pipeline.Policy;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;
using RbIdp.Tests.Synthetic;
using StackExchange.Redis;

namespace RbIdp.Tests.Worker;

/// <summary>
/// A job that names the client's own object (<c>s3_path</c> in an allow-listed bucket) instead of uploading it: the
/// worker reads it from that bucket, a missing or oversized object is the client's input (a rejected verdict, not a
/// failed job), and its text is not cached (its run records only the path, so a purge could not find it).
/// </summary>
[Collection(UsesServices.Name)]
public sealed class ClientObjectJobsTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private const string Bucket = "client-docs";
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private ApiAndWorker _stack = null!;

    public async Task InitializeAsync() => _stack = await ApiAndWorker.StartAsync(postgres, redis, s3,
        apiSettings: new Dictionary<string, string?> { ["Submissions:AllowedS3Buckets:0"] = Bucket });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task A_document_in_the_client_s_bucket_is_read_from_there_and_checked()
    {
        var document = WorkerDocuments.ApprovedImage(index: 4);
        var key = await PutClientObjectAsync(document.File);

        var status = await _stack.WaitForFinalAsync(await SubmitAsync(document.Request, key), JobTimeout);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("approved", status.GetProperty("verdict").GetString());
        Assert.Equal($"s3://{Bucket}/{key}", status.GetProperty("result").GetProperty("artifacts").GetProperty("input").GetString());
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(await connection.GetDatabase().KeyExistsAsync(DuplicateWorkCache.OcrKey(document.File)), "a client object's text was cached");
    }

    [Fact]
    public async Task A_missing_client_object_is_rejected_as_unreadable_without_retries()
    {
        var document = WorkerDocuments.ApprovedImage(index: 4);

        var status = await _stack.WaitForFinalAsync(await SubmitAsync(document.Request, $"clients/client-a/2026/{Guid.NewGuid():N}.png"), JobTimeout);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("rejected", status.GetProperty("verdict").GetString());
        var error = Assert.Single(status.GetProperty("result").GetProperty("errors").EnumerateArray());
        Assert.Equal("UNREADABLE_DOCUMENT", error.GetProperty("code").GetString());
        Assert.Contains("There is no object", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await _stack.RunColumnAsync<int>(status.GetProperty("run_id").GetGuid(), "attempts"));
    }

    [Fact]
    public async Task A_client_object_over_the_size_limit_is_rejected_as_unreadable()
    {
        var document = WorkerDocuments.ApprovedImage(index: 4);
        var limit = DeferralPolicy.LoadDefault().Limits.MaxFileBytes;
        var key = await PutClientObjectAsync(new byte[limit + 4096]);

        var status = await _stack.WaitForFinalAsync(await SubmitAsync(document.Request, key), JobTimeout);

        Assert.Equal("rejected", status.GetProperty("verdict").GetString());
        var error = Assert.Single(status.GetProperty("result").GetProperty("errors").EnumerateArray());
        Assert.Equal("UNREADABLE_DOCUMENT", error.GetProperty("code").GetString());
        Assert.Contains("larger than the limit", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private async Task<string> PutClientObjectAsync(byte[] content)
    {
        using var client = new S3ArtifactStore(s3.StoreOptions(Bucket), NullLogger<S3ArtifactStore>.Instance);
        var key = $"clients/client-a/2026/11/{Guid.NewGuid():N}.png";
        await client.PutAsync(key, new MemoryStream(content), "image/png", CancellationToken.None);
        return key;
    }

    private async Task<Guid> SubmitAsync(DeferralRequest request, string key)
    {
        using var response = await _stack.Client.PostAsJsonAsync("/v1/jobs", new
        {
            fio = request.Fio,
            reason = WireNames.Of(request.Reason),
            doc_type = WireNames.Of(request.DocType),
            application_date = request.ApplicationDate,
            s3_path = $"s3://{Bucket}/{key}",
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"Submission answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("run_id").GetGuid();
    }
}
