using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RbIdp.Pipeline.Artifacts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Api.Apis;
using RbIdp.Api.Submissions;
using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;
using static RbIdp.Tests.Api.ApiCalls;

namespace RbIdp.Tests.Api;

/// <summary><c>POST /v1/process</c>: the answer in the response for a small document (real OCR), a job otherwise.</summary>
[Collection(UsesServices.Name)]
public sealed class ProcessApiTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private const string ClientBucket = "client-docs";
    private ApiFactory _api = null!;
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await postgres.CreateDatabaseAsync();
        _api = new ApiFactory(_database, redis, s3, new Dictionary<string, string?>
        {
            ["Submissions:SyncMaxPages"] = "1",
            ["Submissions:SyncConcurrency"] = "1",
            ["Submissions:AllowedS3Buckets:0"] = ClientBucket,

            // Every document here is really read: a cached answer from another test (shared Redis) would finish a
            // "long" request before the client gives up on it.
            ["DuplicateWork:Enabled"] = "false",
        });
    }

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private async Task<string> PutClientObjectAsync(byte[] content)
    {
        using var store = new S3ArtifactStore(s3.StoreOptions(ClientBucket), NullLogger<S3ArtifactStore>.Instance);
        var key = $"clients/client-a/sync/{Guid.NewGuid():N}";
        await store.PutAsync(key, new MemoryStream(content), "application/octet-stream", CancellationToken.None);
        return $"s3://{ClientBucket}/{key}";
    }

    [Fact]
    public async Task A_one_page_document_is_checked_in_the_request_and_a_replay_returns_the_stored_answer()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);

        var response = await client.PostAsync("/v1/process", Form(SickLeavePng, requestId: "sync-1"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var answer = await JsonAsync(response);
        var runId = RunId(answer);
        Assert.Equal("sync-1", answer.GetProperty("request_id").GetString());
        Assert.Equal("succeeded", answer.GetProperty("status").GetString());
        Assert.True(answer.GetProperty("verdict").GetString() == "approved", body);
        Assert.Empty(answer.GetProperty("errors").EnumerateArray());
        Assert.Equal("sick_leave", answer.GetProperty("extracted").GetProperty("doc_type").GetString());
        Assert.True(answer.GetProperty("timings_ms").GetProperty("ocr").GetInt64() > 0);
        Assert.Equal("skipped", answer.GetProperty("llm").GetString());
        Assert.Contains(runId.ToString("D"), answer.GetProperty("artifacts").GetProperty("result.json").GetString(), StringComparison.Ordinal);

        var run = await _api.RunAsync(runId);
        Assert.Equal((RunStatus.Succeeded, (string?)null), (run.Status, run.HangfireJobId));
        Assert.Equal(0, await HangfireJobCountAsync(_database));

        var replay = await client.PostAsync("/v1/process", Form(SickLeavePng, requestId: "sync-1"));
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        var replayed = await JsonAsync(replay);
        Assert.True(System.Text.Json.JsonElement.DeepEquals(answer, replayed), $"{body}\n≠\n{replayed}");
        Assert.Equal(1, await _api.WithDbAsync(db => db.Runs.CountAsync(r => r.RequestId == "sync-1")));

        var status = await JsonAsync(await client.GetAsync($"/v1/jobs/{runId:D}"));
        Assert.Equal("approved", status.GetProperty("verdict").GetString());
        Assert.Equal(runId, RunId(status.GetProperty("result")));
    }

    [Fact]
    public async Task A_document_over_the_sync_page_limit_becomes_a_job()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);

        var response = await client.PostAsync("/v1/process", Form(TwoPageTiff, fileName: "scan.tif"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var runId = RunId(await JsonAsync(response));
        Assert.Equal($"/v1/jobs/{runId:D}", response.Headers.Location?.OriginalString);
        Assert.Equal($"/v1/jobs/{runId:D}", response.Headers.GetValues("Operation-Location").Single());
        Assert.NotNull(response.Headers.RetryAfter);
        var run = await _api.RunAsync(runId);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.NotNull(run.HangfireJobId);
    }

    [Fact]
    public async Task A_client_s3_object_is_counted_like_an_upload_one_page_is_answered_and_two_become_a_job()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var onePage = await PutClientObjectAsync(SickLeavePng);
        var twoPages = await PutClientObjectAsync(TwoPageTiff);

        var answered = await client.PostAsJsonAsync("/v1/process", new { fio = Fio, reason = "illness", doc_type = "sick_leave", application_date = ApplicationDate, s3_path = onePage });
        var queued = await client.PostAsJsonAsync("/v1/process", new { fio = Fio, reason = "illness", doc_type = "sick_leave", application_date = ApplicationDate, s3_path = twoPages });

        var body = await answered.Content.ReadAsStringAsync();
        Assert.True(answered.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal("approved", (await JsonAsync(answered)).GetProperty("verdict").GetString());
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        Assert.Equal(RunStatus.Queued, (await _api.RunAsync(RunId(await JsonAsync(queued)))).Status);
    }

    [Fact]
    public async Task When_every_sync_slot_is_busy_the_document_becomes_a_job_at_once()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        using var busy = _api.Services.GetRequiredService<SyncCapacity>().TryAcquire();
        Assert.NotNull(busy);

        var response = await client.PostAsync("/v1/process", Form(SickLeavePng));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var run = await _api.RunAsync(RunId(await JsonAsync(response)));
        Assert.Equal((RunStatus.Queued, 0), (run.Status, run.Attempts));
        Assert.NotNull(run.HangfireJobId);
    }

    [Fact]
    public async Task A_client_that_disconnects_stops_the_work_and_leaves_the_run_to_the_queue()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        using var disconnect = new CancellationTokenSource(TimeSpan.FromMilliseconds(700));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.PostAsync("/v1/process", Form(SickLeavePng, requestId: "gone-1"), disconnect.Token));

        DocumentRun? run = null;
        for (var deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            run = await _api.WithDbAsync(db => db.Runs.SingleOrDefaultAsync(r => r.RequestId == "gone-1"));
            if (run?.HangfireJobId is not null)
            {
                break;
            }
        }

        Assert.NotNull(run);
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Null(run.ResultJson);
        Assert.NotNull(run.HangfireJobId);

        // The slot was given back: the next document is checked in the request again.
        using var slot = _api.Services.GetRequiredService<SyncCapacity>().TryAcquire();
        Assert.NotNull(slot);
    }

    [Fact]
    public async Task The_sync_path_refuses_a_callback_url_and_a_file_of_another_type()
    {
        using var client = _api.CreateClient(ApiFactory.ClientAKey);
        var form = Form(SickLeavePng);
        form.Add(new StringContent("https://example.test/hook"), "callback_url");

        var callback = await AssertProblemAsync(await client.PostAsync("/v1/process", form), HttpStatusCode.BadRequest, ProblemTypes.Validation);
        Assert.Equal(["callback_url"], ErrorFields(callback));

        await AssertProblemAsync(await client.PostAsync("/v1/process", Form("GIF89a not accepted"u8.ToArray(), fileName: "x.png")),
            HttpStatusCode.UnsupportedMediaType, ProblemTypes.UnsupportedFileType);
    }
}
