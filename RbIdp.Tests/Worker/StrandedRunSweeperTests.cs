using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using RbIdp.Tests.Infrastructure;
using RbIdp.Worker.Jobs;

namespace RbIdp.Tests.Worker;

/// <summary>
/// Runs that no job will process — the API died between storing a run and enqueueing it, or mid-run on the sync
/// path — are found by the worker's sweeper and finished by an ordinary job. The crash is simulated on the real
/// stack: the API's job is deleted and the run row is set as the crash would have left it; the sweep is called
/// directly (its recurring schedule is removed so it cannot interfere).
/// </summary>
[Collection(UsesServices.Name)]
public sealed class StrandedRunSweeperTests(PostgresServer postgres, RedisServer redis, S3Server s3) : IAsyncLifetime
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(120);
    private ApiAndWorker _stack = null!;

    public async Task InitializeAsync() => _stack = await ApiAndWorker.StartAsync(postgres, redis, s3, startWorker: false);

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Queued_run_whose_enqueue_was_lost_is_handed_to_the_queue_once_and_succeeds_with_one_result()
    {
        var runId = await SubmitWithoutJobAsync(WorkerDocuments.ApprovedImage());
        StartWorkerWithoutSchedule();
        await SetAsync(runId, "created_at = now() - interval '10 minutes', updated_at = now() - interval '10 minutes'");

        var first = await SweepAsync();
        var second = await SweepAsync();

        Assert.Equal([runId], first);
        Assert.Empty(second);
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("approved", status.GetProperty("verdict").GetString());
        Assert.Equal(runId, status.GetProperty("result").GetProperty("run_id").GetGuid());
        Assert.Equal(1, await _stack.RunColumnAsync<int>(runId, "attempts"));
        var liveJobs = await LiveJobsAsync(runId);
        Assert.Equal([await _stack.RunColumnAsync<string>(runId, "hangfire_job_id")], liveJobs);
        Assert.Single(await _stack.ResultArtifactsAsync(runId, status));
    }

    [Fact]
    public async Task Queued_run_within_its_grace_is_left_to_the_api()
    {
        var runId = await SubmitWithoutJobAsync(WorkerDocuments.ApprovedImage());
        StartWorkerWithoutSchedule();
        await SetAsync(runId, "updated_at = now() - interval '30 seconds'");

        Assert.Empty(await SweepAsync());

        Assert.Equal("queued", await _stack.RunColumnAsync<string>(runId, "status"));
        Assert.Empty(await LiveJobsAsync(runId));
    }

    [Fact]
    public async Task Sync_run_left_running_by_a_dead_api_is_re_driven_to_success_while_fresh_and_finished_runs_are_left_alone()
    {
        var stale = await SubmitWithoutJobAsync(WorkerDocuments.ApprovedImage(0));
        var fresh = await SubmitWithoutJobAsync(WorkerDocuments.ApprovedImage(1));
        var finished = await SubmitWithoutJobAsync(WorkerDocuments.ApprovedImage(2));
        StartWorkerWithoutSchedule();
        await SetAsync(stale, MidRunSince("20 minutes"));
        await SetAsync(fresh, MidRunSince("1 minute"));
        await SetAsync(finished, "status = 'succeeded', stage = 'done', progress = 100, attempts = 1, "
            + "created_at = now() - interval '1 day', updated_at = now() - interval '1 day', completed_at = now() - interval '1 day'");
        var finishedUpdatedAt = await _stack.RunColumnAsync<DateTimeOffset>(finished, "updated_at");

        Assert.Equal([stale], await SweepAsync());

        var status = await _stack.WaitForFinalAsync(stale, JobTimeout);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal("approved", status.GetProperty("verdict").GetString());
        Assert.Equal(2, await _stack.RunColumnAsync<int>(stale, "attempts"));
        Assert.Single(await LiveJobsAsync(stale));
        Assert.Single(await _stack.ResultArtifactsAsync(stale, status));

        Assert.Equal("running", await _stack.RunColumnAsync<string>(fresh, "status"));
        Assert.Empty(await LiveJobsAsync(fresh));
        Assert.Equal("succeeded", await _stack.RunColumnAsync<string>(finished, "status"));
        Assert.Equal(finishedUpdatedAt, await _stack.RunColumnAsync<DateTimeOffset>(finished, "updated_at"));
        Assert.Empty(await LiveJobsAsync(finished));
    }

    [Fact]
    public async Task Worker_schedules_the_sweep_every_minute_and_the_scheduled_sweep_hands_over_a_stranded_run()
    {
        var runId = await SubmitWithoutJobAsync(WorkerDocuments.ApprovedImage());
        _stack.StartWorker();
        using (var connection = _stack.Worker.Services.GetRequiredService<JobStorage>().GetConnection())
        {
            var schedule = Assert.Single(connection.GetRecurringJobs([StrandedRunSweeper.RecurringJobId]));
            Assert.Equal("*/1 * * * *", schedule.Cron);
            Assert.Equal(typeof(StrandedRunSweeper), schedule.Job?.Type);
        }

        await SetAsync(runId, "created_at = now() - interval '10 minutes', updated_at = now() - interval '10 minutes'");
        _stack.Worker.Services.GetRequiredService<IRecurringJobManager>().Trigger(StrandedRunSweeper.RecurringJobId);

        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());
        Assert.Equal([await _stack.RunColumnAsync<string>(runId, "hangfire_job_id")], await LiveJobsAsync(runId));
    }

    [Fact]
    public async Task A_worker_started_while_a_killed_worker_still_holds_the_schedule_lock_processes_documents_and_schedules_the_sweep_once_the_lock_is_gone()
    {
        // What a worker SIGKILLed inside Hangfire's recurring-job scheduler leaves behind: the schedule's lock row, which
        // Hangfire expires only after its lock timeout (10 minutes). The replacement used to crash at start on it.
        const string Lock = "hangfire:lock:recurring-job:" + StrandedRunSweeper.RecurringJobId;
        await _stack.QueryAsync($"INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES ('{Lock}', 0, now() at time zone 'utc') RETURNING 1", r => r.GetInt32(0));

        _stack.StartWorker();
        var runId = await _stack.SubmitAsync(WorkerDocuments.ApprovedImage());
        var status = await _stack.WaitForFinalAsync(runId, JobTimeout);
        Assert.Equal("succeeded", status.GetProperty("status").GetString());

        await _stack.QueryAsync($"DELETE FROM hangfire.lock WHERE resource = '{Lock}' RETURNING 1", r => r.GetInt32(0));
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var connection = _stack.Worker.Services.GetRequiredService<JobStorage>().GetConnection();
        while (connection.GetRecurringJobs([StrandedRunSweeper.RecurringJobId]).Count == 0)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "the sweep was not scheduled within 60 s of the lock being released");
            await Task.Delay(250);
        }
    }

    /// <summary>A sync run in the middle of OCR, started <paramref name="age"/> ago: the sync path does not touch the row while it works.</summary>
    private static string MidRunSince(string age) =>
        $"status = 'running', stage = 'ocr', progress = 40, attempts = 1, created_at = now() - interval '{age}', started_at = now() - interval '{age}', updated_at = now() - interval '{age}'";

    /// <summary>Submits through the API (no worker runs yet), then deletes the API's job: the run is queued with no job, as after a failed enqueue.</summary>
    private async Task<Guid> SubmitWithoutJobAsync(Submission submission)
    {
        var runId = await _stack.SubmitAsync(submission);
        var jobId = await _stack.RunColumnAsync<string>(runId, "hangfire_job_id");
        Assert.True(_stack.Api.Services.GetRequiredService<IBackgroundJobClient>().Delete(jobId), $"job {jobId} of run {runId} is deleted");
        await SetAsync(runId, "hangfire_job_id = NULL");
        return runId;
    }

    /// <summary>The worker without its recurring sweep, so only the test's sweeps run (the schedule is removed before any run is stale).</summary>
    private void StartWorkerWithoutSchedule()
    {
        _stack.StartWorker();
        _stack.Worker.Services.GetRequiredService<IRecurringJobManager>().RemoveIfExists(StrandedRunSweeper.RecurringJobId);
    }

    private async Task<IReadOnlyList<Guid>> SweepAsync()
    {
        await using var scope = _stack.Worker.Services.CreateAsyncScope();
        var sweeper = scope.ServiceProvider.GetRequiredService<StrandedRunSweeper>();
        return await sweeper.SweepAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
    }

    private async Task SetAsync(Guid runId, string assignments) =>
        Assert.Single(await _stack.QueryAsync($"UPDATE runs SET {assignments} WHERE id = @id RETURNING id", r => r.GetGuid(0), runId));

    /// <summary>The ids of the run's Hangfire jobs that are not deleted.</summary>
    private Task<IReadOnlyList<string>> LiveJobsAsync(Guid runId) => _stack.QueryAsync(
        "SELECT id::text FROM hangfire.job WHERE arguments::text LIKE '%' || @id::text || '%' AND statename <> 'Deleted' ORDER BY id",
        r => r.GetString(0), runId);
}
