using System.Text.Json;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RbIdp.Tests.Worker;

/// <summary>Identical input is not processed twice: the answer, or at least the OCR, comes from Redis.</summary>
[Collection(UsesServices.Name)]
public sealed class DuplicateWorkTests(PostgresServer postgres, RedisServer redis, S3Server s3, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private ApiAndWorker _stack = null!;

    public async Task InitializeAsync() => _stack = await ApiAndWorker.StartAsync(postgres, redis, s3, output: output);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Second_identical_job_reuses_the_first_answer_without_running_the_stages()
    {
        var document = WorkerDocuments.ApprovedImage(index: 1);
        var first = await _stack.WaitForFinalAsync(await _stack.SubmitAsync(document), JobTimeout);
        var secondId = await _stack.SubmitAsync(document);
        var second = await _stack.WaitForFinalAsync(secondId, JobTimeout);

        Assert.Equal("succeeded", second.GetProperty("status").GetString());
        Assert.Equal(first.GetProperty("verdict").GetString(), second.GetProperty("verdict").GetString());
        Assert.NotEqual(first.GetProperty("run_id").GetGuid(), secondId);
        var firstResult = first.GetProperty("result");
        var secondResult = second.GetProperty("result");
        Assert.Equal(secondId, secondResult.GetProperty("run_id").GetGuid());
        Assert.Equal(firstResult.GetProperty("errors").GetRawText(), secondResult.GetProperty("errors").GetRawText());
        Assert.Equal(firstResult.GetProperty("extracted").GetRawText(), secondResult.GetProperty("extracted").GetRawText());

        var firstTimings = Timings(firstResult);
        var secondTimings = Timings(secondResult);
        Assert.Contains("ocr", firstTimings.Keys);
        Assert.DoesNotContain("ocr", secondTimings.Keys);
        Assert.Contains(RunProcessor.ReusedTiming, secondTimings.Keys);
        Assert.True(secondTimings["total"] * 10 < firstTimings["total"], $"reused in {secondTimings["total"]} ms, first took {firstTimings["total"]} ms");

        // The new run has its own result artifact and its own input.
        var artifacts = secondResult.GetProperty("artifacts");
        Assert.Contains(secondId.ToString("D"), artifacts.GetProperty("result.json").GetString(), StringComparison.Ordinal);
        Assert.Contains(secondId.ToString("D"), artifacts.GetProperty("input").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_file_with_other_fields_is_checked_again_but_skips_tesseract()
    {
        var document = WorkerDocuments.ApprovedImage(index: 2);
        await using var connection = await ConnectToRedisAsync();
        var (_, first) = await ProcessOnceAsync(document, connection.GetDatabase());
        var ttl = await connection.GetDatabase().KeyTimeToLiveAsync(DuplicateWorkCache.OcrKey(document.File));
        Assert.InRange(ttl!.Value, TimeSpan.FromHours(23), TimeSpan.FromHours(24));

        var later = document.Request with { ApplicationDate = document.Request.ApplicationDate.AddDays(1) };
        var secondId = await _stack.SubmitAsync(document with { Request = later });
        var second = await _stack.WaitForFinalAsync(secondId, JobTimeout);

        Assert.Equal(first.GetProperty("verdict").GetString(), second.GetProperty("verdict").GetString());
        var firstTimings = Timings(first.GetProperty("result"));
        var secondTimings = Timings(second.GetProperty("result"));
        Assert.DoesNotContain(RunProcessor.ReusedTiming, secondTimings.Keys);
        Assert.True(secondTimings["ocr"] * 5 < firstTimings["ocr"], $"OCR took {secondTimings["ocr"]} ms the second time, {firstTimings["ocr"]} ms the first");
        Assert.Contains(secondId.ToString("D"), second.GetProperty("result").GetProperty("artifacts").GetProperty("ocr.json").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Purging_a_run_removes_its_answer_and_its_text_from_the_cache_so_the_same_file_is_read_again()
    {
        var document = WorkerDocuments.ApprovedImage(index: 3);
        await using var connection = await ConnectToRedisAsync();
        var (firstId, first) = await ProcessOnceAsync(document, connection.GetDatabase());

        using var purge = await _stack.Client.DeleteAsync(new Uri($"/v1/jobs/{firstId:D}", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, purge.StatusCode);

        Assert.False(await connection.GetDatabase().KeyExistsAsync(DuplicateWorkCache.OcrKey(document.File)), "the purged document's OCR text is still cached");
        var second = await _stack.WaitForFinalAsync(await _stack.SubmitAsync(document), JobTimeout);
        var secondTimings = Timings(second.GetProperty("result"));
        Assert.DoesNotContain(RunProcessor.ReusedTiming, secondTimings.Keys);
        Assert.Contains("ocr", secondTimings.Keys);
        Assert.Equal(first.GetProperty("verdict").GetString(), second.GetProperty("verdict").GetString());
    }

    /// <summary>Processes <paramref name="document"/> once and checks that its OCR text is now cached by the file's SHA-256.</summary>
    private async Task<(Guid RunId, JsonElement Status)> ProcessOnceAsync(Submission document, IDatabase cache)
    {
        var runId = await _stack.SubmitAsync(document);
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);
        Assert.True(await cache.KeyExistsAsync(DuplicateWorkCache.OcrKey(document.File)), "the OCR text is cached by the file's SHA-256");
        return (runId, status);
    }

    private async Task<ConnectionMultiplexer> ConnectToRedisAsync() =>
        await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString).WaitAsync(TimeSpan.FromSeconds(10));

    private static Dictionary<string, long> Timings(JsonElement result) =>
        result.GetProperty("timings_ms").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}
