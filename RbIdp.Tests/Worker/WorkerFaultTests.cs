using RbIdp.Pipeline.Runs;
using RbIdp.Tests.Infrastructure;

namespace RbIdp.Tests.Worker;

/// <summary>What happens when storage goes away or the worker process dies in the middle of a job.</summary>
[Collection(UsesServices.Name)]
public sealed class WorkerFaultTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(180);
    private ApiAndWorker _stack = null!;

    public async Task InitializeAsync() => _stack = await ApiAndWorker.StartAsync(postgres, redis, s3, startWorker: false);

    public async Task DisposeAsync()
    {
        await _stack.DisposeAsync();
        if (!s3.IsRunning)
        {
            await s3.StartAsync();
        }
    }

    [Fact]
    public async Task Storage_outage_fails_the_attempt_transiently_and_the_retry_succeeds_once_storage_is_back()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var runId = await _stack.SubmitAsync(WorkerDocuments.ApprovedImage(), receiver.CallbackUrl);

        await s3.StopAsync();
        try
        {
            _stack.StartWorker(new Dictionary<string, string?>
            {
                ["Worker:Retry:DelaysSeconds:0"] = "2",
                ["Worker:Retry:DelaysSeconds:1"] = "4",
                ["Worker:Retry:DelaysSeconds:2"] = "8",
                ["Worker:Retry:DelaysSeconds:3"] = "8",
            });
            var failed = await _stack.WaitForJobAsync(runId, s => s.GetProperty("attempts").GetInt32() >= 1 && s.TryGetProperty("failure", out var failure) && failure.ValueKind == System.Text.Json.JsonValueKind.String, JobTimeout);
            Assert.Equal("queued", failed.GetProperty("status").GetString());
            Assert.StartsWith("acquire:", failed.GetProperty("failure").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await s3.StartAsync();
        }

        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("approved", status.GetProperty("verdict").GetString());
        Assert.True(status.GetProperty("attempts").GetInt32() >= 2, $"attempts: {status.GetProperty("attempts")}");
        await AssertExactlyOneResultAsync(runId, status);
        Assert.Single(await _stack.WaitForDeliveryAsync(runId, TimeSpan.FromSeconds(30)), d => d.Succeeded);

        // The first retry waited the configured 2 s (±20 % jitter, in whole seconds), not Hangfire's own schedule.
        var retryDelays = await _stack.QueryAsync(
            "SELECT (s.data::jsonb->>'EnqueueAt')::bigint - (s.data::jsonb->>'ScheduledAt')::bigint " +
            "FROM hangfire.state s JOIN runs r ON r.hangfire_job_id = s.jobid::text WHERE r.id = @id AND s.name = 'Scheduled' " +
            $"AND s.reason IS DISTINCT FROM '{RunEnqueuer.HeldReason}' ORDER BY s.id",
            r => TimeSpan.FromMilliseconds(r.GetInt64(0)), runId);
        Assert.InRange(retryDelays[0], TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2.5));
    }

    [Fact]
    public async Task Worker_process_killed_mid_job_is_replaced_and_the_job_finishes_once_with_one_webhook()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var settings = new Dictionary<string, string> { ["Worker__InvisibilityTimeout"] = "00:00:10", ["Worker__DocumentWorkers"] = "1" };
        var runId = await _stack.SubmitAsync(WorkerDocuments.ScannedPdf(pages: 4), receiver.CallbackUrl);

        await using (var doomed = await WorkerProcess.StartAsync(_stack.ConnectionString, redis, s3, settings))
        {
            await _stack.WaitForJobAsync(runId, s => s.GetProperty("status").GetString() == "running" && s.GetProperty("stage").GetString() == "ocr", JobTimeout);
            await doomed.KillHardAsync();
        }

        Assert.Equal("running", (await _stack.GetJobAsync(runId)).GetProperty("status").GetString());
        await using var successor = await WorkerProcess.StartAsync(_stack.ConnectionString, redis, s3, settings);
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout).ContinueWith(t => t.IsCompletedSuccessfully ? t.Result
            : throw new TimeoutException($"{t.Exception?.InnerException?.Message}\nsuccessor output:\n{successor.Output}"), TaskScheduler.Default);

        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.True(await _stack.RunColumnAsync<int>(runId, "attempts") >= 2);
        await AssertExactlyOneResultAsync(runId, status);
        var log = await _stack.WaitForDeliveryAsync(runId, TimeSpan.FromSeconds(30));
        var delivered = Assert.Single(log, d => d.Succeeded);
        Assert.Equal($"msg_{runId:N}", delivered.WebhookId);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task A_job_whose_state_lock_was_left_by_a_process_that_lost_the_database_starts_once_the_lock_is_stale()
    {
        var runId = await _stack.SubmitAsync(WorkerDocuments.ApprovedImage());
        var jobId = await _stack.RunColumnAsync<string>(runId, "hangfire_job_id");

        // What PostgreSQL stopping between Hangfire's taking a job's state lock and releasing it leaves behind (seen under
        // load in bench/reliability): the lock row, never deleted. Two minutes old, it is stale; with Hangfire.PostgreSql's
        // default it would hold the job back for eight more.
        await _stack.QueryAsync(
            $"INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('hangfire:job:{jobId}:state-lock', 0, (now() at time zone 'utc') - interval '2 minutes') RETURNING 1",
            r => r.GetInt32(0));
        _stack.StartWorker();

        var status = await _stack.WaitForFinalAsync(runId, TimeSpan.FromSeconds(90));
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
    }

    private async Task AssertExactlyOneResultAsync(Guid runId, System.Text.Json.JsonElement status)
    {
        Assert.Single(await _stack.QueryAsync("SELECT id FROM runs", r => r.GetGuid(0)));
        Assert.Single(await _stack.ResultArtifactsAsync(runId, status));
        Assert.Equal(runId, status.GetProperty("result").GetProperty("run_id").GetGuid());
    }
}
